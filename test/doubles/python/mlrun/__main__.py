"""`python -m mlrun run --name N --from-env [--handler H] [--origin-file F] [url]` of the DOUBLE: what MLRun's job
pods run (§11.5) — reads MLRUN_EXEC_CONFIG, writes the base64 MLRUN_EXEC_CODE to `<stem of --origin-file>.py`
(`main.py` without one) in the working directory, imports it and calls the handler; exit code 1 when it fails."""
import base64
import json
import os
import sys

from . import record, run_handler


def main(argv):
    if not argv or argv[0] != "run":
        print(f"mlrun double: unsupported command {argv[:1]}", file=sys.stderr)
        return 2
    args = argv[1:]
    opts = {"name": None, "from_env": False, "handler": None, "origin_file": None, "url": None}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--name":
            opts["name"] = args[i + 1]
            i += 2
        elif a == "--from-env":
            opts["from_env"] = True
            i += 1
        elif a == "--handler":
            opts["handler"] = args[i + 1]
            i += 2
        elif a == "--origin-file":
            opts["origin_file"] = args[i + 1]
            i += 2
        elif a.startswith("-"):
            print(f"mlrun double: unsupported option {a}", file=sys.stderr)
            return 2
        else:
            opts["url"] = a
            i += 1
    config = json.loads(os.environ["MLRUN_EXEC_CONFIG"]) if opts["from_env"] else {}
    code = os.environ.get("MLRUN_EXEC_CODE")
    record("mlrun run", argv=argv, config=config, has_code=bool(code), cwd=os.getcwd(),
           dbpath=os.environ.get("MLRUN_DBPATH"), default_project=os.environ.get("MLRUN_DEFAULT_PROJECT"))
    if code:
        if opts["url"]:
            print("mlrun double: cannot combine embedded code with a url", file=sys.stderr)
            return 2
        origin = opts["origin_file"]
        stem = os.path.splitext(os.path.basename(origin))[0] if origin else "main"
        filename = f"{stem}.py"
        with open(filename, "w", encoding="utf-8") as fp:
            fp.write(base64.b64decode(code).decode("utf-8"))
    else:
        filename = opts["url"]
    handler = opts["handler"] or (config.get("spec") or {}).get("handler")
    config.setdefault("metadata", {})["name"] = opts["name"] or config.get("metadata", {}).get("name")
    run = run_handler(filename, handler, config, os.environ.get("MLRUN_DEFAULT_PROJECT", ""))
    print(f"mlrun double: run {run.metadata.uid} {run.status.state}; results: {json.dumps(run.status.results, default=str)}", flush=True)
    return 0 if run.status.state == "completed" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
