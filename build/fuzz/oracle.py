#!/usr/bin/env python3
"""The fuzz oracle: other people's parsers judge what Ushadow.Build's editors wrote.

Reads JSON lines (one case each) from the files named on the command line and prints one JSON line per
failing case ({"seed", "kind", "problem"}), then a summary line ({"summary": {...}}). Exit code 0 even when
cases fail: the caller prints them. Run it with Debian's /usr/bin/python3 (python3-dotenv 0.21, python3-yaml),
the parsers the README names (Set-up: two commands).

.env cases ({"kind": "env", "seed", "before", "after", "edits": [[key, value], ...]}), read by python-dotenv
exactly as dotenv_values(path) reads a file (UTF-8, universal newlines), without ${VAR} interpolation:
  1. every key that was set reads its new value;
  2. every other key reads what it read before (or stays absent);
  3. bytes: cut the after-text into python-dotenv's own bindings (no newline translation); it must be the
     before-text binding for binding, except the last binding of each key that was set, followed by one
     appended KEY=value line per key that had no value before (and the line break a last line lacked).

secrets.yaml cases ({"kind": "yaml", "seed", "before", "after", "added": [[section, key, value], ...]}), accepted
edits only (a refusal is judged by the harness: USH1006 and no change), read by PyYAML's safe_load:
  the after-document equals the before-document with exactly the added keys set to their (string) values,
  every added key was absent or null before, and a document PyYAML cannot read before it cannot read after
  either (counted apart: the backend cannot read such a file whatever the build does).
"""

import io
import json
import logging
import re
import sys

from dotenv import dotenv_values
from dotenv.parser import parse_stream
import yaml

logging.disable(logging.CRITICAL)  # python-dotenv warns about every line it cannot parse

ABSENT = "<absent>"
counts = {"env": 0, "yaml": 0, "failed": 0, "yaml_unreadable_by_pyyaml": 0}


def read_env(text):
    """dotenv_values of a file holding `text`: python opens it as UTF-8 with universal newlines."""
    stream = io.TextIOWrapper(io.BytesIO(text.encode("utf-8", "surrogatepass")), encoding="utf-8", newline=None)
    return dotenv_values(stream=stream, interpolate=False)


class _Raw:
    def __init__(self, text):
        self.text = text

    def read(self):
        return self.text


def bindings(text):
    """python-dotenv's bindings of the text as it is (no newline translation): (key, value, original, error)."""
    return [(b.key, b.value, b.original.string, b.error) for b in parse_stream(_Raw(text))]


def check_env(case):
    before, after, edits = case["before"], case["after"], [tuple(e) for e in case["edits"]]
    wanted = dict(edits)
    old, new = read_env(before), read_env(after)
    problems = []
    for key, value in wanted.items():
        if new.get(key, ABSENT) != value:
            problems.append(f"owned {key} reads {new.get(key, ABSENT)!r}, expected {value!r}")
    for key in sorted(set(old) | set(new)):
        if key not in wanted and old.get(key, ABSENT) != new.get(key, ABSENT):
            problems.append(f"foreign {key!r} read {old.get(key, ABSENT)!r} before, {new.get(key, ABSENT)!r} after")
    problems += check_env_bytes(before, after, edits)
    return problems


def check_env_bytes(before, after, edits):
    segments = bindings(before)
    last_value, last_index = {}, {}
    for index, (key, value, _, error) in enumerate(segments):
        if key is not None and not error:
            last_value[key], last_index[key] = value, index
    appended = [key for key, _ in edits if last_value.get(key) is None]

    rest = after
    for key in reversed(appended):
        line = re.search(r"(?:^|(?<=[\r\n]))" + re.escape(key) + r"=(\"[^\"\r\n]*\"|'[^'\r\n]*'|[A-Za-z0-9_.\-+@%,:/~^]*)(\r\n|\n|\r)\Z", rest)
        if line is None:
            return [f"no appended line {key}=... at the end, in order"]
        rest = rest[: line.start()]
    if appended and before and before[-1] not in "\r\n":
        if not rest.endswith(("\n", "\r")):
            return ["the last line got no line break before the appended lines"]
        rest = rest[:-2] if rest.endswith("\r\n") else rest[:-1]

    kept = bindings(rest)
    if len(kept) != len(segments):
        return [f"python-dotenv cuts the kept text into {len(kept)} bindings, not {len(segments)}"]
    problems = []
    for index, (old, new) in enumerate(zip(segments, kept)):
        if old[2] == new[2]:
            continue
        key = old[0]
        if key is None or key not in dict(edits) or last_index.get(key) != index or new[0] != key:
            problems.append(f"binding {index} (line {old[2]!r}) changed to {new[2]!r}")
    return problems


def canonical(node, path=()):
    """A text of a safe_load result with types, without sharing (an alias is written out in full; a node inside
    itself, from a recursive alias, is written as <recursive>)."""
    if isinstance(node, (dict, list)):
        if id(node) in path:
            return "<recursive>"
        path = path + (id(node),)
    if isinstance(node, dict):
        items = sorted(f"{canonical(k, path)}={canonical(v, path)}" for k, v in node.items())
        return "{" + ",".join(items) + "}"
    if isinstance(node, list):
        return "[" + ",".join(canonical(v, path) for v in node) + "]"
    return f"{type(node).__name__}:{node!r}"


def unshared(node, path=()):
    """A copy in which no two places share an object, so setting a key in one section cannot show in another."""
    if isinstance(node, (dict, list)):
        if id(node) in path:
            return node  # recursive: kept shared, canonical() writes it as <recursive>
        path = path + (id(node),)
    if isinstance(node, dict):
        return {k: unshared(v, path) for k, v in node.items()}
    if isinstance(node, list):
        return [unshared(v, path) for v in node]
    return node


def check_yaml(case):
    before, after, added = case["before"], case["after"], case["added"]
    try:
        old = yaml.safe_load(before)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        counts["yaml_unreadable_by_pyyaml"] += 1
        try:
            yaml.safe_load(after)
        except (yaml.YAMLError, RecursionError, ValueError, TypeError):
            return []
        return ["PyYAML cannot read the file before the edit but reads it after"]
    try:
        new = yaml.safe_load(after)
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as e:
        return [f"PyYAML reads the file before the edit but not after: {type(e).__name__}: {e}"]
    # A recursive document keeps its sharing (a fresh load to change): there, a node shared with the section may change.
    expected = unshared(old) if "<recursive>" not in canonical(old) else yaml.safe_load(before)
    if expected is None and added:
        expected = {}
    if added and not isinstance(expected, dict):
        return ["the editor added to a document whose top level PyYAML does not read as a mapping"]
    problems = []
    for section, key, value in added:
        if not isinstance(expected.get(section), dict):
            if expected.get(section) is not None:
                problems.append(f"added {section}.{key} to a section PyYAML reads as {type(expected[section]).__name__}")
            expected[section] = {}
        if expected[section].get(key) is not None:
            problems.append(f"{section}.{key} was {expected[section][key]!r} before, and was overwritten")
        expected[section][key] = value
    try:
        if canonical(new) != canonical(expected):
            problems.append(f"PyYAML reads {canonical(new)!r}, expected {canonical(expected)!r}")
    except RecursionError:
        problems.append("a recursive document")
    return problems


def main():
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                case = json.loads(line)
                kind = case["kind"]
                counts[kind] += 1
                try:
                    problems = check_env(case) if kind == "env" else check_yaml(case)
                except Exception as e:  # a crash of the oracle on one case is that case's failure, printed
                    problems = [f"oracle error {type(e).__name__}: {e}"]
                if problems:
                    counts["failed"] += 1
                    print(json.dumps({"seed": case["seed"], "kind": kind, "problem": "; ".join(problems)}), flush=False)
    print(json.dumps({"summary": counts}))


if __name__ == "__main__":
    main()
