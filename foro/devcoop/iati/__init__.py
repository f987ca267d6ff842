"""IATI 2.03: codelists, export, validation (XSD, ruleset, codelists) and import.
Plain Python on lxml; only ``export`` and ``importer`` touch the models."""
