use cors_runtime::cors;

#[cors(origins = ["https://a.example.com"])]
struct NotAHandler;

fn main() {}
