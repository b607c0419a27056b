"""Where the project's parts live, relative to the checkout."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BLUEPRINT_DIR = PROJECT_ROOT / "blueprint"
CONTRACT = BLUEPRINT_DIR / "build" / "contract.apib"
HOOKS_DIR = PROJECT_ROOT / "hooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
DREDD_CONFIG = PROJECT_ROOT / "dredd.yml"
DREDD_BIN = PROJECT_ROOT / "node_modules" / ".bin" / "dredd"
