"""Geo commands: ``sitroom geocode TEXT`` and ``sitroom gazetteer build|import|info``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitroom.cli import app
from sitroom.cli.common import FormatOption, OutputFormat, console, emit_rows, fail

GEOCODE_COLUMNS = [
    "name",
    "latitude",
    "longitude",
    "admin1",
    "admin2",
    "country",
    "geo_precision",
    "resolution",
    "gazetteer_id",
    "gazetteer_name",
]

gazetteer_app = typer.Typer(help="Build or extend the offline gazetteer (GeoNames, CC BY 4.0).", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

GazetteerOption = Annotated[
    Path | None,
    typer.Option("--gazetteer", help="Index file [default: $SITROOM_GAZETTEER or ~/.local/share/sitroom/]"),
]


@app.command()
def geocode(
    text: Annotated[str, typer.Argument(help="Text to find places in, e.g. a sentence or headline.")],
    country: Annotated[str | None, typer.Option("--country", help="Country context (name or ISO code).")] = None,
    fmt: FormatOption = OutputFormat.table,
    gazetteer: GazetteerOption = None,
) -> None:
    """Find and resolve the places named in TEXT.

    Example:  sitroom geocode "Shelling hit Saraqib, in Idlib province" --format json
    """
    from sitroom.geo.gazetteer import Gazetteer
    from sitroom.geo.parse import default_gazetteer, geoparse

    gaz = Gazetteer.open_or_build(gazetteer) if gazetteer else default_gazetteer()
    if country and gaz.country_code(country) is None:
        raise fail(f"unknown country {country!r}")
    rows = []
    for location in geoparse(text, country, gaz):
        row = location.model_dump(mode="json", exclude={"evidence"})
        row["geo_precision"] = int(location.geo_precision) if location.geo_precision else None
        row["gazetteer_name"] = _entry_name(gaz, location.gazetteer_id)
        rows.append(row)
    if not rows and fmt is OutputFormat.table:
        console.print("no places found")
        return
    emit_rows(rows, GEOCODE_COLUMNS, fmt, title="Places")


def _entry_name(gaz: object, gazetteer_id: str | None) -> str | None:
    """The matched gazetteer entry's own name ("Ma‘arrat an Nu‘mān" for "Maarat al-Numan")."""
    from sitroom.geo.gazetteer import Gazetteer

    if not gazetteer_id or not isinstance(gaz, Gazetteer):
        return None
    return gaz.entry_name(gazetteer_id)


@gazetteer_app.command("build")
def build(gazetteer: GazetteerOption = None) -> None:
    """Build the index from the installed GeoNames packages (about a minute; replaces the file).

    Imported places are not kept: re-run your ``sitroom gazetteer import`` commands afterwards.
    """
    from sitroom.geo.build import build_gazetteer
    from sitroom.geo.gazetteer import default_path

    target = gazetteer or default_path()
    with console.status("building gazetteer") as status:
        build_gazetteer(target, progress=lambda msg: status.update(msg))
    console.print(f"gazetteer written to {target}")


@gazetteer_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A GeoNames extract (.txt or .zip) or a CSV table.")],
    fmt: Annotated[str, typer.Option("--format", help="geonames (19 tab-separated columns) or csv.")] = "geonames",
    columns: Annotated[
        str | None,
        typer.Option("--columns", help="CSV column mapping, e.g. name=ADM4_EN,latitude=Y,longitude=X,country=ISO2"),
    ] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country of every CSV row without one.")] = None,
    gazetteer: GazetteerOption = None,
) -> None:
    """Add places to the index (idempotent: importing a file again changes nothing).

    Example:  sitroom gazetteer import SY.zip --format geonames
    """
    from sitroom.geo.gazetteer import default_path
    from sitroom.geo.importer import ImportError_, count_rows, import_places

    target = gazetteer or default_path()
    if not target.is_file():
        raise fail(f"no gazetteer at {target}: run `sitroom gazetteer build` first")
    try:
        mapping = _parse_columns(columns)
        total = count_rows(file) if file.is_file() else 0
        with Progress(
            TextColumn("importing {task.fields[name]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("import", total=total, name=file.name)
            report = import_places(
                target, file, fmt, columns=mapping, country=country, progress=lambda n: bar.advance(task, n)
            )
    except (ImportError_, OSError, UnicodeDecodeError) as exc:
        raise fail(str(exc)) from exc
    console.print(
        f"{report.rows} rows read, {report.written} places written, {report.skipped} skipped ({target})",
        highlight=False,
    )
    for error in report.errors:
        console.print(f"[yellow]{file}: {error}[/yellow]", highlight=False)


def _parse_columns(spec: str | None) -> dict[str, str]:
    if not spec:
        return {}
    mapping = {}
    for part in spec.split(","):
        field_name, sep, column = part.partition("=")
        if not sep or not field_name.strip() or not column.strip():
            raise typer.BadParameter(f"--columns expects field=COLUMN pairs, got {part!r}")
        mapping[field_name.strip()] = column.strip()
    return mapping


@gazetteer_app.command("info")
def info(gazetteer: GazetteerOption = None) -> None:
    """Show where the index is and how many entries of each kind it holds."""
    from sitroom.geo.gazetteer import Gazetteer

    gaz = Gazetteer.open(gazetteer)
    console.print(f"{gaz.path}: {gaz.stats()}")
