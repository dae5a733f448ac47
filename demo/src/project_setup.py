"""Creates the demo project and runs the trainer. Contains the mistakes MLRun Secrets flags."""
import mlrun

project = mlrun.get_or_create_project("demo", context="./")

# A one-time setup call left in committed code, with the values in plain text.
project.set_secrets({"DB_PASSWORD": "s3cr3t-demo-value", "METRICS_TOKEN": "tok-demo-123"})

trainer = project.set_function(
    "src/trainer.py", name="trainer", kind="job", image="mlrun/mlrun", handler="train"
)

# The inline provider writes the value into the stored run spec.
task = mlrun.new_task(params={"lr": 0.2})
task.with_secrets("inline", {"DB_PASSWORD": "s3cr3t-demo-value"})
run = trainer.run(task)

# The secure way: the value stays in the project's Kubernetes Secret.
secure_task = mlrun.new_task(params={"lr": 0.2}).with_secrets("kubernetes", ["DB_PASSWORD"])
trainer.run(secure_task)
