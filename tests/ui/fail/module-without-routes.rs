use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"])]
mod helpers {
    pub fn helper() -> u8 {
        1
    }
}

fn main() {
    let _ = helpers::helper();
}
