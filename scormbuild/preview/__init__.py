"""`scormbuild preview`: the course in a browser, inside a simulated LMS, rebuilt on every save.

session.py rebuilds the packages in memory, watcher.py notices saves, server.py serves the
course and the simulator page; static/ holds the simulator (one file per SCORM edition family,
lms-*.js, behind lms-core.js) and its panel. The simulator is an authoring aid: tracking is
tested against scorm-again (tests/e2e/lms/), never against it.
"""
