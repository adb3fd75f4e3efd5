"""Brief: stored events -> a situation brief in the sample's shape, every sentence cited."""
