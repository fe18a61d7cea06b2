#!/usr/bin/env python3
"""The public API of the published crates, from rustdoc's JSON, compared with the list
checked in beside this script, so that the API only grows on purpose.

    python3 tests/public-api/check.py          # compare; exit 1 and show the diff if it moved
    python3 tests/public-api/check.py --bless  # write the list anew, after a deliberate change

Rustdoc's JSON output is unstable, so the stable compiler is asked for it with
RUSTC_BOOTSTRAP=1 (no other toolchain can be fetched here). One line per item, with the
signature of every function and the type of every field: a changed signature is a changed
line. Items hidden from the docs (`#[doc(hidden)]`, `__private`) are not API and are left
out; items re-exported from `cors-runtime-core` are listed where users reach them.
"""

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LIST = HERE / "public-api.txt"
# (package, crate name, whether its own root is hidden: then hidden items are documented and
# filtered here, so that re-exports from it can be followed).
CRATES = [
    ("cors-runtime-core", "cors_runtime_core", True),
    ("cors-macros", "cors_macros", False),
    ("cors-runtime", "cors_runtime", False),
]
PUBLISHED = ["cors_macros", "cors_runtime"]


def rustdoc_json(target: Path) -> dict:
    docs = {}
    for package, name, hidden in CRATES:
        flags = "-Z unstable-options --output-format json"
        if hidden:
            flags += " --document-hidden-items"
        env = dict(os.environ, RUSTC_BOOTSTRAP="1", RUSTDOCFLAGS=flags, CARGO_TARGET_DIR=str(target))
        subprocess.run(
            ["cargo", "doc", "-p", package, "--no-deps", "--all-features", "--quiet"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        docs[name] = json.loads((target / "doc" / f"{name}.json").read_text())
    return docs


def is_hidden(item: dict) -> bool:
    return any(
        isinstance(a, dict) and a.get("other", "").replace(" ", "") == "#[doc(hidden)]"
        for a in item.get("attrs", [])
    )


def ty(t) -> str:
    """A type as Rust writes it."""
    if t is None:
        return "()"
    (kind, v), = t.items()
    if kind == "resolved_path":
        return v["path"] + args(v.get("args"))
    if kind in ("generic", "primitive"):
        return v
    if kind == "borrowed_ref":
        life = f"{v['lifetime']} " if v.get("lifetime") else ""
        mut = "mut " if v["is_mutable"] else ""
        return f"&{life}{mut}{ty(v['type'])}"
    if kind == "raw_pointer":
        return f"*{'mut' if v['is_mutable'] else 'const'} {ty(v['type'])}"
    if kind == "slice":
        return f"[{ty(v)}]"
    if kind == "array":
        return f"[{ty(v['type'])}; {v['len']}]"
    if kind == "tuple":
        return "(" + ", ".join(ty(x) for x in v) + ")"
    if kind == "impl_trait":
        return "impl " + " + ".join(bound(b) for b in v)
    if kind == "dyn_trait":
        parts = [t["trait"]["path"] + args(t["trait"].get("args")) for t in v["traits"]]
        if v.get("lifetime"):
            parts.append(v["lifetime"])
        return "dyn " + " + ".join(parts)
    if kind == "qualified_path":
        trait = v.get("trait")
        inner = ty(v["self_type"]) + (f" as {trait['path']}{args(trait.get('args'))}" if trait else "")
        return f"<{inner}>::{v['name']}"
    if kind == "function_pointer":
        return "fn" + signature(v["sig"])
    return f"<{kind}>"


def args(a) -> str:
    if not a:
        return ""
    (kind, v), = a.items()
    if kind == "angle_bracketed":
        out = []
        for arg in v.get("args", []):
            (k, x), = arg.items()
            out.append(ty(x) if k == "type" else str(x) if k == "lifetime" else k)
        for c in v.get("constraints", []):
            binding = c["binding"]
            if "equality" in binding:
                out.append(f"{c['name']} = {ty(binding['equality'].get('type'))}")
            else:
                out.append(f"{c['name']}: " + " + ".join(bound(b) for b in binding["constraint"]))
        return "<" + ", ".join(out) + ">" if out else ""
    if kind == "parenthesized":
        out = "(" + ", ".join(ty(x) for x in v["inputs"]) + ")"
        return out + (f" -> {ty(v['output'])}" if v.get("output") else "")
    return ""


def bound(b) -> str:
    (kind, v), = b.items()
    if kind == "trait_bound":
        return v["trait"]["path"] + args(v["trait"].get("args"))
    return str(v)


def generics(g) -> str:
    params = []
    for p in g.get("params", []):
        kind = p["kind"]
        if "type" in kind:
            if kind["type"].get("is_synthetic"):
                continue
            bounds = " + ".join(bound(b) for b in kind["type"].get("bounds", []))
            params.append(p["name"] + (f": {bounds}" if bounds else ""))
        elif "lifetime" in kind:
            params.append(p["name"])
        else:
            params.append(f"const {p['name']}")
    where = []
    for w in g.get("where_predicates", []):
        if "bound_predicate" in w:
            bp = w["bound_predicate"]
            where.append(ty(bp["type"]) + ": " + " + ".join(bound(b) for b in bp["bounds"]))
    return ("<" + ", ".join(params) + ">" if params else ""), (" where " + ", ".join(where) if where else "")


def signature(sig) -> str:
    inputs = []
    for name, t in sig["inputs"]:
        if name == "self":
            # `&self`, `&mut self` or `self`, as written.
            name = ty(t).replace("Self", "self")
            inputs.append(name)
        else:
            inputs.append(f"{name}: {ty(t)}")
    out = f"({', '.join(inputs)})"
    if sig.get("output"):
        out += f" -> {ty(sig['output'])}"
    return out


class Lister:
    def __init__(self, docs):
        self.docs = docs
        self.lines = set()

    def find(self, crate: str, item_id):
        doc = self.docs[crate]
        return doc["index"].get(str(item_id))

    def follow(self, crate: str, item_id):
        """The item a `use` names: in this crate, or, by path, in one of ours."""
        item = self.find(crate, item_id)
        if item is not None:
            return crate, item
        where = self.docs[crate]["paths"].get(str(item_id))
        if not where:
            return None, None
        other = where["path"][0]
        if other not in self.docs:
            return None, None
        for oid, meta in self.docs[other]["paths"].items():
            if meta["path"] == where["path"]:
                found = self.find(other, oid)
                if found is not None:
                    return other, found
        return None, None

    def module(self, crate: str, item: dict, path: str):
        for child_id in item["inner"]["module"]["items"]:
            child = self.find(crate, child_id)
            if child is None or is_hidden(child) or child["visibility"] != "public":
                continue
            if "use" in child["inner"]:
                use = child["inner"]["use"]
                if use["id"] is None:
                    continue
                target_crate, target = self.follow(crate, use["id"])
                if target is None:
                    self.lines.add(f"pub use {path}::{use['name']} = {use['source']}")
                    continue
                self.item(target_crate, target, f"{path}::{use['name']}")
            else:
                self.item(crate, child, f"{path}::{child['name']}")

    def item(self, crate: str, item: dict, path: str):
        (kind, v), = item["inner"].items()
        add = self.lines.add
        if kind == "module":
            add(f"pub mod {path}")
            self.module(crate, item, path)
        elif kind == "function":
            params, where = generics(v["generics"])
            add(f"pub fn {path}{params}{signature(v['sig'])}{where}")
        elif kind in ("struct", "enum", "union", "trait"):
            params, where = generics(v["generics"])
            add(f"pub {kind} {path}{params}{where}")
            if kind == "struct":
                fields = v["kind"].get("plain", {}).get("fields", []) or v["kind"].get("tuple", []) or []
                for fid in fields:
                    f = self.find(crate, fid) if fid is not None else None
                    if f and not is_hidden(f) and f["visibility"] == "public":
                        add(f"pub field {path}::{f['name']}: {ty(f['inner']['struct_field'])}")
            if kind == "enum":
                for vid in v["variants"]:
                    var = self.find(crate, vid)
                    if var and not is_hidden(var):
                        add(f"pub variant {path}::{var['name']}")
            for iid in v.get("impls", []):
                self.impl(crate, self.find(crate, iid), path)
        elif kind == "constant":
            add(f"pub const {path}: {ty(v['type'])}")
        elif kind == "static":
            add(f"pub static {path}: {ty(v['type'])}")
        elif kind == "type_alias":
            add(f"pub type {path} = {ty(v['type'])}")
        elif kind == "macro":
            add(f"pub macro {path}!")
        elif kind == "proc_macro":
            add(f"pub {v['kind'].replace('_', ' ')} macro {path}")
        else:
            add(f"pub {kind} {path}")

    def impl(self, crate: str, impl: dict, path: str):
        if impl is None or is_hidden(impl):
            return
        v = impl["inner"]["impl"]
        if v.get("is_synthetic") or v.get("blanket_impl"):
            return
        params, where = generics(v["generics"])
        if v["trait"]:
            trait = v["trait"]["path"] + args(v["trait"].get("args"))
            # Derive and pin-projection artifacts say nothing a user relies on.
            if trait == "StructuralPartialEq" or "$crate" in where:
                return
            target = ty(v["for"])
            if target.split("<")[0] == path.rsplit("::", 1)[-1]:
                target = path + target[len(target.split("<")[0]):]
            self.lines.add(f"impl{params} {trait} for {target}{where}")
            return
        for mid in v["items"]:
            m = self.find(crate, mid)
            if m is None or is_hidden(m) or m["visibility"] != "public":
                continue
            if "function" in m["inner"]:
                f = m["inner"]["function"]
                mparams, mwhere = generics(f["generics"])
                const = "const " if f["header"].get("is_const") else ""
                self.lines.add(f"pub {const}fn {path}::{m['name']}{mparams}{signature(f['sig'])}{mwhere}")


def main() -> int:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "public-api"
    docs = rustdoc_json(target)
    lister = Lister(docs)
    for crate in PUBLISHED:
        doc = docs[crate]
        root = doc["index"][str(doc["root"])]
        lister.module(crate, root, crate)
    now = "\n".join(sorted(lister.lines)) + "\n"
    if "--bless" in sys.argv:
        LIST.write_text(now)
        print(f"wrote {LIST.relative_to(ROOT)}: {len(lister.lines)} items")
        return 0
    before = LIST.read_text() if LIST.exists() else ""
    if before == now:
        print(f"public API unchanged: {len(lister.lines)} items")
        return 0
    sys.stdout.writelines(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            now.splitlines(keepends=True),
            str(LIST.relative_to(ROOT)),
            "what the crates export now",
        )
    )
    print("\nthe public API changed; if on purpose, run: python3 tests/public-api/check.py --bless")
    return 1


if __name__ == "__main__":
    sys.exit(main())
