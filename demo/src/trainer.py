"""Demo MLRun job: trains a toy model with a database password taken from project secrets."""
import hashlib

import mlrun


def train(context: mlrun.MLClientCtx, lr: float = 0.1):
    """Train with the database password from the project's secrets."""
    password = context.get_secret("DB_PASSWORD")
    if not password:
        raise ValueError("DB_PASSWORD is not set: add it with 'MLRun Secrets: Set Secret…'")
    digest = hashlib.sha256(password.encode()).hexdigest()
    context.logger.info(f"connected with a password whose sha256 is {digest}")
    context.log_result("lr", lr)
    context.log_result("password_sha256", digest)


def evaluate(context: mlrun.MLClientCtx, threshold: float = 0.5):
    """Evaluate against the metrics service."""
    token = mlrun.get_secret_or_env("METRICS_TOKEN")
    context.log_result("threshold", threshold)
    context.log_result("has_token", bool(token))
