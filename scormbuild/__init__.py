"""scormbuild: turn a course written as plain files into SCORM packages."""

__version__ = "0.1.0"
