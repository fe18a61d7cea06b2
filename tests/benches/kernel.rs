//! Runs `N` requests of one kind against one variant and exits: the workload the callgrind
//! runner counts instructions of. The difference between two runs of different `N` is the
//! cost per request, with start-up cancelled out.
//!
//! ```text
//! kernel <plain|ours|actix-cors> <get-no-origin|get-allowed|preflight|get-disallowed> <N>
//! kernel <variant> <preflight-header|preflight-method|preflight-stranger> <N>
//! kernel <variant> <handshake-forged|handshake-cross-site> <N>   # refused as forged
//! kernel <ours-origins|actix-cors-origins> <ORIGINS> <N>     # GET from an allowed origin
//! ```

mod common;

use actix_web::dev::Service;
use common::{Kind, Variant};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [what, which, n] = args.as_slice() else {
        eprintln!("usage: kernel <variant> <kind> <n> | kernel <ours-origins|actix-cors-origins> <count> <n>");
        return;
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("n must be a number");
        std::process::exit(2);
    };
    let system = actix_web::rt::System::new();
    system.block_on(async move {
        match (
            what.as_str(),
            Variant::parse(what),
            Kind::parse(which),
            which.parse::<usize>(),
        ) {
            (_, Some(variant), Some(kind), _) => {
                let app = common::app(variant).await;
                for _ in 0..n {
                    drop(app.call(kind.request("/bench")).await);
                }
            }
            ("ours-origins", _, _, Ok(count)) => {
                let app = common::ours_with_origins(count).await;
                for _ in 0..n {
                    drop(app.call(Kind::Allowed.request("/bench")).await);
                }
            }
            ("actix-cors-origins", _, _, Ok(count)) => {
                let app = common::actix_cors_with_origins(count).await;
                for _ in 0..n {
                    drop(app.call(Kind::Allowed.request("/bench")).await);
                }
            }
            _ => {
                eprintln!("unknown variant or kind: {what} {which}");
                std::process::exit(2);
            }
        }
    });
}
