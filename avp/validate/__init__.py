"""Validation of files: the pipeline, the privacy guard, the reporters, the JSON Schemas."""
