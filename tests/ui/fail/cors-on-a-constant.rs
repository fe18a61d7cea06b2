use cors_runtime::cors;

#[cors(origins = ["https://a.example.com"])]
const NOT_A_HANDLER: u8 = 1;

fn main() {}
