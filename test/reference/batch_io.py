"""The batch protocol of reference-batch.ts, shared by the reference scripts here.

A JSON list of {"mode", "input"} on stdin; on stdout, a JSON list with one answer per case:
what modes[mode](input) returns, or {"error": "Type: message"} when it raises (the comparison
in the spec decides whether an error was expected).
"""
import json
import sys


def serve(modes):
    def answer(case):
        try:
            return modes[case['mode']](case['input'])
        except Exception as error:
            return {'error': f'{type(error).__name__}: {error}'}

    json.dump([answer(case) for case in json.load(sys.stdin)], sys.stdout)
