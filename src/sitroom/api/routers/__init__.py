"""One router per resource; ``sitroom.api.app`` includes them all."""
