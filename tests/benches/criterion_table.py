"""Prints criterion's mean time per request (ns) as a Markdown table, with each layer's
overhead over its baseline: `#[cors]` over plain, actix-cors and floor over plain resource,
and how far `#[cors]` is above the floor in absolute terms."""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
kinds = ["get-no-origin", "get-allowed", "preflight", "get-disallowed"]
variants = ["plain", "ours", "plain-resource", "actix-cors", "floor"]


def mean(kind, variant):
    path = root / kind / variant / "new" / "estimates.json"
    return json.loads(path.read_text())["mean"]["point_estimate"]


print("| request kind | plain | `#[cors]` | `#[cors]` extra | plain resource | actix-cors "
      "| actix-cors extra | floor | floor extra | `#[cors]` − floor | extra ratio `#[cors]` / actix-cors |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for kind in kinds:
    p, o, r, c, f = (mean(kind, v) for v in variants)
    ratio = (o - p) / (c - r) if c != r else float("nan")
    print(f"| {kind} | {p:.0f} | {o:.0f} | {o - p:+.0f} | {r:.0f} | {c:.0f} | {c - r:+.0f} "
          f"| {f:.0f} | {f - r:+.0f} | {o - f:+.0f} | {ratio:.2f} |")

print()
print("| request kind | `#[cors]` | `#[cors(NAME)]` | named − `#[cors]` | plain resource "
      "| `Cors::from(NAME)` | `Cors::from` extra | actix-cors extra |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for kind in kinds:
    o, n, r, m, c = (mean(kind, v) for v in ["ours", "named", "plain-resource", "middleware", "actix-cors"])
    print(f"| {kind} | {o:.0f} | {n:.0f} | {n - o:+.0f} | {r:.0f} | {m:.0f} | {m - r:+.0f} | {c - r:+.0f} |")
