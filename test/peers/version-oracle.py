#!/usr/bin/python3
"""Patchline's version-comparison oracle for the differential tests.

Run it with Debian's /usr/bin/python3: python3-apt and python3-rpm live in its dist-packages
(a pyenv or venv python cannot import them).

Reads requests from stdin, one per line, and writes one answer line per request, in order:

    dpkg<TAB>A<TAB>B   apt_pkg.version_compare(A, B)   (the order dpkg --compare-versions uses)
    rpm<TAB>A<TAB>B    rpm.ver(A) vs rpm.ver(B)        (librpm rpmverParse + rpmverCmp on EVRs)
    hello              "ok apt=<version> rpm=<version>" (start-up handshake)

A comparison answers -1, 0 or 1; a request that fails answers "ERR <reason>". Answers for all
complete lines in a read are written together, so a client can pipeline thousands of requests.
"""
import os
import sys

import apt_pkg
import rpm

apt_pkg.init_system()


def sign(n):
    return (n > 0) - (n < 0)


def rpm_order(a, b):
    va, vb = rpm.ver(a), rpm.ver(b)
    if va < vb:
        return -1
    return 1 if va > vb else 0


def answer(line):
    fields = line.split("\t")
    kind = fields[0]
    if kind == "hello" and len(fields) == 1:
        return f"ok apt={apt_pkg.VERSION} rpm={rpm.__version__}"
    if len(fields) != 3:
        raise ValueError(f"expected kind<TAB>A<TAB>B, got {len(fields)} field(s)")
    a, b = fields[1], fields[2]
    if kind == "dpkg":
        return str(sign(apt_pkg.version_compare(a, b)))
    if kind == "rpm":
        return str(rpm_order(a, b))
    raise ValueError(f"unknown kind {kind!r}")


def serve():
    pending = b""
    while True:
        chunk = os.read(0, 1 << 16)
        if not chunk:
            return
        pending += chunk
        *lines, pending = pending.split(b"\n")
        out = []
        for raw in lines:
            try:
                out.append(answer(raw.decode("utf-8")))
            except Exception as e:  # one bad request must not stop the server
                out.append(f"ERR {e}".replace("\n", " "))
        if out:
            os.write(1, ("\n".join(out) + "\n").encode("utf-8"))


if __name__ == "__main__":
    sys.exit(serve())
