"""Reading YAML strictly: one ``load()``, strict rules, positions; ``fast/`` adds speed."""
