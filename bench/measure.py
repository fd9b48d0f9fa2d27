#!/usr/bin/env python3
# Runs commands for bench/run.mjs and measures each one as a separate child process.
#
# Node cannot read a child's rusage, so this small, long-lived helper does the spawning: it reads
# one JSON request per line on stdin, starts the command with os.posix_spawn, waits for it with
# os.wait4 and answers one JSON line on stdout:
#
#   request:  {"argv": [...], "env": {...}, "stdin": path, "stdout": path, "stderr": path}
#             (the child runs in this helper's working directory: run.mjs starts it in the repo root)
#   answers:  {"pid": 123}                                   (as soon as the child is started)
#             {"wall_ns": ..., "maxrss_kb": ..., "code": 0}  (code < 0: killed by that signal)
#             {"error": "..."}                               (the command could not be started)
#
# Wall time is taken here, around spawn → wait4, so neither Python's nor Node's start-up or
# message passing is counted. maxrss_kb is the child's peak resident set size (ru_maxrss, KiB on
# Linux). Linux carries the spawning process's own high-water mark into the child at exec, so a
# command whose real peak is below this helper's (a few MB) reports the helper's; run.mjs measures
# that floor with /bin/true and prints it.
import json
import os
import signal
import sys
import time


def run(req):
    try:
        actions = []
        for target, path, flags in (
            (0, req.get("stdin") or os.devnull, os.O_RDONLY),
            (1, req.get("stdout") or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            (2, req.get("stderr") or os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        ):
            actions.append((os.POSIX_SPAWN_OPEN, target, path, flags, 0o600))
        argv = req["argv"]
        exe = argv[0]
        if os.sep not in exe:
            found = None
            for d in req["env"].get("PATH", os.defpath).split(os.pathsep):
                candidate = os.path.join(d or ".", exe)
                if os.access(candidate, os.X_OK) and not os.path.isdir(candidate):
                    found = candidate
                    break
            if found is None:
                return {"error": f"{exe}: not found on PATH"}
            exe = found
        t0 = time.perf_counter_ns()
        pid = os.posix_spawn(exe, argv, req["env"], file_actions=actions, setsigdef=(signal.SIGINT,))
        reply({"pid": pid})
        _, status, usage = os.wait4(pid, 0)
        t1 = time.perf_counter_ns()
        code = os.waitstatus_to_exitcode(status)
        return {"wall_ns": t1 - t0, "maxrss_kb": usage.ru_maxrss, "code": code,
                "utime_ms": usage.ru_utime * 1000, "stime_ms": usage.ru_stime * 1000}
    except OSError as e:
        return {"error": f"{req['argv'][0]}: {e}"}


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    # Ctrl-C is for run.mjs, which cleans up and closes our stdin; children get the default back.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for line in sys.stdin:
        line = line.strip()
        if line:
            reply(run(json.loads(line)))


if __name__ == "__main__":
    main()
