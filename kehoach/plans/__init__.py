"""Plans as data: reading the YAML files, the schema, inheritance, the resolved model,
labels (I. 1. a)), where a problem stands, and the checks across fields and plans."""
