use cors_macros::cors;

#[cors(origins = ["https://a.example.com"])]
struct NotAHandler;

fn main() {}
