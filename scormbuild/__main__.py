"""Allow ``python -m scormbuild``."""

from scormbuild.launcher import main

main()
