print("entity-eval: not built yet")
