"""The built-in patrols: the scenario model, its validation and refit, the classroom timeline."""
