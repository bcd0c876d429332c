"""Where the ledger is and who records: each setting from the first place that gives it.

The order, first to last: the option (`--db`, `--actor`, before or after the command
name), the environment (`GOVLEDGER_DB`, `GOVLEDGER_ACTOR`), `govledger.toml` in the
working directory, `[tool.govledger]` in its `pyproject.toml`, `govledger.toml` in the
user's config folder, and the default (`events.db`; the OS user). A file may name `db`,
`actor` and `code` (the default of every --code that has one); a relative `db` is
relative to the file's folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ledger.domain.errors import InvalidInput

CONFIG_NAME = "govledger.toml"
KEYS = ("db", "actor", "code")
DEFAULT_DB = "events.db"
ENV = {"db": "GOVLEDGER_DB", "actor": "GOVLEDGER_ACTOR"}


@dataclass(frozen=True)
class Setting:
    value: str
    why: str  # where it came from, as `govledger where` prints it


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    table: str  # "" for the whole file, "tool.govledger" in a pyproject.toml
    values: dict[str, str]

    @property
    def named(self) -> str:
        return f"{self.path} [{self.table}]" if self.table else str(self.path)


def user_config_folder() -> Path:
    import click

    return Path(click.get_app_dir("govledger"))


def candidates(cwd: Path) -> list[tuple[Path, str]]:
    """Every file that may give a setting, in order, with the table that holds it."""
    return [
        (cwd / CONFIG_NAME, ""),
        (cwd / "pyproject.toml", "tool.govledger"),
        (user_config_folder() / CONFIG_NAME, ""),
    ]


def load(path: Path, table: str) -> ConfigFile | None:
    """The settings of one file; None when it does not exist or (a pyproject.toml) has no
    [tool.govledger]. A file that cannot be read as settings is refused in one line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise InvalidInput(f"{path}: cannot be read ({reason})") from None
    import tomllib

    try:
        document: Any = parsed(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"{path}: not TOML ({error})") from None
    for part in table.split(".") if table else ():
        document = document.get(part) if isinstance(document, dict) else None
    if document is None:
        return None
    where = f"{path} [{table}]" if table else str(path)
    if not isinstance(document, dict):
        raise InvalidInput(f"{where}: [{table}] is not a table")
    unknown = sorted(set(document) - set(KEYS))
    if unknown:
        raise InvalidInput(
            f"{where}: unknown setting {unknown[0]!r} (the settings: {', '.join(KEYS)})"
        )
    for key, value in document.items():
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(f"{where}: {key} must be a non-empty string")
    return ConfigFile(path, table, dict(document))


@lru_cache(maxsize=8)
def parsed(text: str) -> Any:
    """A file's TOML, parsed once a process for the same text (commands run in one
    process, as tests and the benchmark run them, read the same files each time); never
    changed by its readers."""
    import tomllib

    return tomllib.loads(text)


def config_files(cwd: Path | None = None) -> list[ConfigFile]:
    found = (load(path, table) for path, table in candidates(cwd or Path.cwd()))
    return [file for file in found if file is not None]


def resolve(key: str, option: str | None, files: list[ConfigFile]) -> Setting | None:
    """The setting `key` from the first place that gives it; None if none does."""
    if option is not None:
        return Setting(option, f"--{key}")
    from_env = os.environ.get(ENV.get(key, ""), "")
    if from_env.strip():
        return Setting(from_env, ENV[key])
    for file in files:
        if key in file.values:
            return Setting(relative_to(file, key), file.named)
    return None


def relative_to(file: ConfigFile, key: str) -> str:
    value = file.values[key]
    if key != "db" or value.startswith(("postgresql://", "postgres://")):
        return value.strip() if key == "actor" else value
    path = Path(value).expanduser()
    if path.is_absolute() or file.path.parent == Path.cwd():
        return str(path)
    return str(file.path.parent / path)
