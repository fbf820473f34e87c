import sys
from pathlib import Path

# Plain `pytest` from the repo root imports the package the same way `python -m pytest` does.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
