"""Allow ``python -m scormbuild``."""

from scormbuild.cli import main

main(prog_name="scormbuild")
