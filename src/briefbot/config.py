"""Settings: one typed model, loaded once from ``config/briefbot.toml``.

Every setting has a default and a one-line description. A value can be
overridden from the environment as ``BRIEFBOT_<SECTION>_<KEY>`` (for example
``BRIEFBOT_ANSWER_TOP_K=5``). Slack tokens are *not* settings: they are read
from the environment by the Slack interface only, and never logged.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

__all__ = [
    "Settings",
    "IngestSettings",
    "IndexSettings",
    "AnswerSettings",
    "AccessRule",
    "AccessPathRule",
    "ServerSettings",
    "StateSettings",
    "load_settings",
    "DEFAULT_CONFIG_PATH",
    "ENV_PREFIX",
]

DEFAULT_CONFIG_PATH = Path("config/briefbot.toml")
ENV_PREFIX = "BRIEFBOT_"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestSettings(_Section):
    max_file_bytes: int = Field(
        default=20_000_000, gt=0, description="Files larger than this are reported and skipped."
    )
    max_html_depth: int = Field(
        default=400, gt=0, description="HTML nested deeper than this is reported, not parsed."
    )
    max_parse_seconds: float = Field(
        default=60.0,
        gt=0,
        description="Parsing one file may take at most this long; a slower file is reported and skipped.",
    )


class IndexSettings(_Section):
    variant: Literal["lucene", "okapi"] = Field(
        default="lucene",
        description="BM25 formula: 'lucene' (always-positive IDF) or 'okapi' (rank-bm25's BM25Okapi).",
    )
    k1: float = Field(default=1.2, ge=0, description="BM25 term-frequency saturation.")
    b: float = Field(default=0.75, ge=0, le=1, description="BM25 length normalisation.")
    epsilon: float = Field(
        default=0.25, ge=0, description="Okapi only: floor for negative IDF, as in rank-bm25."
    )
    engine: Literal["fast", "rank_bm25"] = Field(
        default="fast",
        description="'fast' (precomputed sparse weights) or 'rank_bm25' (reference, slow).",
    )
    cache_dir: str = Field(
        default=".briefbot-cache",
        description="Where the persisted index is kept, relative to the knowledge folder's parent.",
    )


class AnswerSettings(_Section):
    top_k: int = Field(default=3, ge=1, le=20, description="Results per answer.")
    excerpt_chars: int = Field(
        default=300, ge=80, le=1000, description="Longest excerpt shown, in characters."
    )
    min_score: float = Field(
        default=0.0, ge=0, description="Extra floor on a result's relevance score; 0 keeps the built-in rule."
    )
    semantic_weight: float = Field(
        default=0.0, ge=0, le=10,
        description="Weight of the optional semantic reranker (extra 'semantic'); 0 leaves it off.",
    )


class AccessRule(_Section):
    channels: tuple[str, ...] = Field(default=(), description="Slack channel ids allowed.")
    users: tuple[str, ...] = Field(default=(), description="Slack user ids allowed.")


class AccessPathRule(_Section):
    pattern: str = Field(description="Glob on the path under the knowledge folder, e.g. 'members/**'.")
    label: str = Field(description="Access label of matching files; front matter can only add to it.")


class ServerSettings(_Section):
    host: str = Field(default="127.0.0.1", description="Address `briefbot serve` listens on.")
    port: int = Field(default=3000, ge=0, le=65535, description="Port `briefbot serve` listens on.")
    workers: int = Field(default=2, ge=1, le=64, description="Server worker processes.")
    max_body_bytes: int = Field(
        default=1_000_000, gt=0, description="Larger request bodies are rejected with 413."
    )
    rate_limit_per_minute: int = Field(
        default=20, ge=1, description="Questions one Slack user may ask per minute."
    )
    reload_interval: float = Field(
        default=5.0, ge=0, description="Seconds between checks of knowledge/ for changes; 0 disables."
    )


class StateSettings(_Section):
    url: str = Field(
        default="",
        description=(
            "State store URL, e.g. 'postgresql+psycopg://user@db/briefbot' for several hosts; "
            "empty: an SQLite file beside the index cache."
        ),
    )
    follow_results: int = Field(
        default=3, ge=1, le=10,
        description="Excerpts in one follow digest (More results has the rest).",
    )


class Settings(_Section):
    knowledge: str = Field(default="knowledge", description="Folder of briefings to serve.")
    ingest: IngestSettings = IngestSettings()
    index: IndexSettings = IndexSettings()
    answer: AnswerSettings = AnswerSettings()
    server: ServerSettings = ServerSettings()
    state: StateSettings = StateSettings()
    access: dict[str, AccessRule] = Field(
        default_factory=dict,
        description="Per non-public label: the channels and users allowed to see it.",
    )
    access_paths: tuple[AccessPathRule, ...] = Field(
        default=(), description="Labels for files by path (and by real path: links cannot unlabel)."
    )


def load_settings(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read settings from a TOML file (optional) and ``BRIEFBOT_*`` variables.

    A missing default file is fine (all defaults); a file named explicitly
    must exist. Raises ConfigError naming the file, section and key.
    """
    environ = os.environ if environ is None else environ
    data: dict[str, Any] = {}
    if path is not None or DEFAULT_CONFIG_PATH.is_file():
        file = Path(path) if path is not None else DEFAULT_CONFIG_PATH
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {file}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {file} is not valid TOML: {exc}") from None
    _apply_environment(data, environ)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"setting {where!r}: {first['msg']}") from None


def _apply_environment(data: dict[str, Any], environ: Mapping[str, str]) -> None:
    sections = {
        name: field
        for name, field in Settings.model_fields.items()
        if isinstance(field.default, BaseModel)
    }
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        rest = key[len(ENV_PREFIX) :].lower()
        if rest in Settings.model_fields and rest not in sections:
            data[rest] = value
            continue
        for section in sections:
            prefix = section + "_"
            if rest.startswith(prefix) and rest[len(prefix) :] in type(
                Settings.model_fields[section].default
            ).model_fields:
                data.setdefault(section, {})[rest[len(prefix) :]] = value
                break
