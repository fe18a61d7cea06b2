//! Heap allocations per request, counted by dhat's global allocator, for every variant and
//! request kind. Prints a Markdown table; `BENCHMARKS.md` explains the columns.

mod common;

use actix_web::dev::Service;
use common::{Kind, Variant};

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

const REQUESTS: u64 = 1000;

fn main() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let system = actix_web::rt::System::new();
    println!("| request kind | plain | `#[cors]` | `#[cors]` extra | plain resource | actix-cors | actix-cors extra | floor | floor extra |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for kind in Kind::ALL {
        let [plain, ours, resource, actix_cors, floor] =
            Variant::ALL.map(|variant| system.block_on(blocks_per_request(variant, kind)));
        println!(
            "| {} | {plain:.2} | {ours:.2} | {:+.2} | {resource:.2} | {actix_cors:.2} | {:+.2} | {floor:.2} | {:+.2} |",
            kind.name(),
            ours - plain,
            actix_cors - resource,
            floor - resource,
        );
    }
    println!();
    println!("| request kind | `#[cors]` | `env(\"VAR\")` | `origin_fn` |");
    println!("|---|---:|---:|---:|");
    for kind in Kind::ALL {
        let [ours, env, origin_fn] = [Variant::Ours, Variant::Env, Variant::OriginFn]
            .map(|variant| system.block_on(blocks_per_request(variant, kind)));
        println!(
            "| {} | {ours:.2} | {env:.2} | {origin_fn:.2} |",
            kind.name()
        );
    }
    println!();
    println!("| request kind | `#[cors]` | `#[cors(NAME)]` | plain resource | `Cors::from(NAME)` | `Cors::from` extra |");
    println!("|---|---:|---:|---:|---:|---:|");
    for kind in Kind::ALL {
        let [ours, named, resource, middleware] = [
            Variant::Ours,
            Variant::Named,
            Variant::PlainResource,
            Variant::Middleware,
        ]
        .map(|variant| system.block_on(blocks_per_request(variant, kind)));
        println!(
            "| {} | {ours:.2} | {named:.2} | {resource:.2} | {middleware:.2} | {:+.2} |",
            kind.name(),
            middleware - resource,
        );
    }
}

/// Heap blocks allocated per request of `kind` by `variant`, after a warm-up.
async fn blocks_per_request(variant: Variant, kind: Kind) -> f64 {
    let app = common::app(variant).await;
    // Warm up pools and lazily built state before counting.
    for _ in 0..100 {
        drop(app.call(kind.request("/bench")).await);
    }
    let before = dhat::HeapStats::get().total_blocks;
    for _ in 0..REQUESTS {
        drop(app.call(kind.request("/bench")).await);
    }
    let after = dhat::HeapStats::get().total_blocks;
    #[allow(clippy::cast_precision_loss)]
    let per_request = (after - before) as f64 / REQUESTS as f64;
    per_request
}
