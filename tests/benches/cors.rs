//! Criterion: time per request for each request kind, plain vs `#[cors]` vs actix-cors, in
//! one run. Overhead is a variant's time minus `plain`'s (see `BENCHMARKS.md`).

mod common;

use actix_web::dev::Service;
use common::{Kind, Variant};
use criterion::{criterion_group, criterion_main, Criterion};

fn per_request(c: &mut Criterion) {
    let system = actix_web::rt::System::new();
    for kind in Kind::ALL {
        let mut group = c.benchmark_group(kind.name());
        for variant in Variant::ALL
            .into_iter()
            .chain(Variant::NAMED)
            .chain(Variant::DEPLOYED)
        {
            let app = system.block_on(common::app(variant));
            group.bench_function(variant.name(), |b| {
                b.iter(|| system.block_on(async { app.call(kind.request("/bench")).await }));
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(700))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = per_request
}
criterion_main!(benches);
