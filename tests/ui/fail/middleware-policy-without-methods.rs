//! Middleware answers preflights with the policy's methods: a policy without them is not
//! middleware.
use cors_runtime::cors_policy;
use cors_runtime::actix::Cors;

cors_policy! {
    APP = (origins = ["https://app.example.com"]);
}

fn main() {
    let _ = actix_web::App::new().wrap(Cors::from(APP));
}
