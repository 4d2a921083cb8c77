"""Load stage: read the course folder into the typed model, collecting every problem."""
