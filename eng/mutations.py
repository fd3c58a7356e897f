#!/usr/bin/env python3
"""Reads eng/mutations.txt and applies one mutation to a copy of the repository (for eng/mutation-check.sh).

  mutations.py list FILE              one line per mutation: id, kind, file, explanation ("-" when none), suites
                                      (comma-separated), tab-separated
  mutations.py check FILE ROOT        every mutation's text occurs exactly once in ROOT and its suites are known;
                                      errors name the mutation and file
  mutations.py apply FILE ID ROOT     applies mutation ID (its name or its 1-based number) to its file under ROOT
  mutations.py describe FILE ID       prints "id<TAB>kind<TAB>file<TAB>suites<TAB>description"

The text is matched exactly, never as a pattern, and must occur exactly once: a list that no longer matches the
source fails loudly instead of silently testing nothing. Each mutation names the suites that can reach it (SUITES);
at least one is an xUnit project, since the conformance gate alone does not count as a kill.
"""
import sys
from dataclasses import dataclass, field
from pathlib import Path


# The suites a mutation can name (eng/mutation-check.sh knows how to build and run each). Gate is the conformance
# regression gate (tests/Conformance --check-totals); CrashCases is tests/Runtime.Tests' CrashTests, which run
# tests/CrashCases in child processes; Scripts is tests/Conformance.Tests (eng/test.sh and the gate's own tests).
SUITES = ("Runtime", "TorchFree", "Generator", "Hosting", "CrashCases", "Scripts", "Gate")
XUNIT_SUITES = ("Runtime", "TorchFree", "Generator", "Hosting", "CrashCases", "Scripts")
# Kinds whose bugs change which element types or casts a model gets: the gate runs every ONNX element type, so these
# must name it as well.
GATE_KINDS = ("cast table", "element types")


@dataclass
class Mutation:
    number: int
    id: str
    kind: str
    file: str
    suites: list
    description: str
    find: list = field(default_factory=list)
    replace: list = field(default_factory=list)
    explanation: list = field(default_factory=list)


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)


def body(line, marker):
    # "- text" -> "text"; "-" alone -> "" (an empty line).
    if line == marker:
        return ""
    if not line.startswith(marker + " "):
        fail(f"bad line (expected '{marker} '): {line!r}")
    return line[2:]


def parse(path):
    mutations = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip("\n")
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("@@ "):
            parts = [p.strip() for p in line[3:].split("|", 4)]
            if len(parts) != 5 or not all(parts):
                fail(f"{path}:{number}: a header is '@@ id | kind | file | suites | description': {line!r}")
            if any(m.id == parts[0] for m in mutations):
                fail(f"{path}:{number}: mutation id '{parts[0]}' is used twice")
            suites = [s.strip() for s in parts[3].split(",")]
            unknown = [s for s in suites if s not in SUITES]
            if unknown or len(set(suites)) != len(suites):
                fail(f"{path}:{number}: suites are a comma-separated set of {', '.join(SUITES)}: {parts[3]!r}")
            if not any(s in XUNIT_SUITES for s in suites):
                fail(f"{path}:{number}: mutation '{parts[0]}' names no xUnit suite; the gate alone does not count as a kill")
            if parts[1] in GATE_KINDS and "Gate" not in suites:
                fail(f"{path}:{number}: mutation '{parts[0]}' is of kind '{parts[1]}', which the conformance gate must also run")
            mutations.append(Mutation(len(mutations) + 1, parts[0], parts[1], parts[2], suites, parts[4]))
            continue
        if not mutations:
            fail(f"{path}:{number}: text before the first '@@' header")
        current = mutations[-1]
        marker = line[0]
        if marker == "-":
            if current.replace or current.explanation:
                fail(f"{path}:{number}: '-' lines must come before '+' and '!' lines (mutation {current.id})")
            current.find.append(body(line, "-"))
        elif marker == "+":
            if current.explanation:
                fail(f"{path}:{number}: '+' lines must come before '!' lines (mutation {current.id})")
            current.replace.append(body(line, "+"))
        elif marker == "!":
            current.explanation.append(body(line, "!"))
        else:
            fail(f"{path}:{number}: a line starts with '@@ ', '- ', '+ ', '! ' or '#': {line!r}")
    for m in mutations:
        if not m.find:
            fail(f"{path}: mutation {m.id} has no '-' line")
    return mutations


def find(mutations, key):
    for m in mutations:
        if m.id == key or str(m.number) == key:
            return m
    fail(f"no mutation '{key}' (ids: {', '.join(m.id for m in mutations)})")


def locate(m, root):
    path = Path(root) / m.file
    if not path.is_file():
        return None, f"mutation {m.number} ({m.id}): file not found: {m.file}"
    text = path.read_text(encoding="utf-8")
    needle = "\n".join(m.find)
    count = text.count(needle)
    if count == 0:
        return None, f"mutation {m.number} ({m.id}): pattern not found in {m.file}"
    if count > 1:
        return None, f"mutation {m.number} ({m.id}): pattern occurs {count} times in {m.file}; it must occur once"
    return (path, text, needle), None


def main(args):
    if len(args) < 2:
        fail(__doc__)
    command, listing = args[0], args[1]
    mutations = parse(listing)
    if command == "list" and len(args) == 2:
        for m in mutations:
            print("\t".join([m.id, m.kind, m.file, " ".join(m.explanation) or "-", ",".join(m.suites)]))
    elif command == "describe" and len(args) == 3:
        m = find(mutations, args[2])
        print("\t".join([m.id, m.kind, m.file, ",".join(m.suites), m.description]))
    elif command == "check" and len(args) == 3:
        errors = [error for m in mutations for _, error in [locate(m, args[2])] if error]
        for error in errors:
            print(error, file=sys.stderr)
        sys.exit(2 if errors else 0)
    elif command == "apply" and len(args) == 4:
        m = find(mutations, args[2])
        found, error = locate(m, args[3])
        if error:
            fail(error)
        path, text, needle = found
        path.write_text(text.replace(needle, "\n".join(m.replace)), encoding="utf-8")
    else:
        fail(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
