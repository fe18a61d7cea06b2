//! Every accepted form of named and module policies.
#![deny(warnings)]

use actix_web::{get, post, App, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

/// Policies in their own module, used by path.
pub mod policies {
    use cors_runtime::cors_policy;

    cors_policy! {
        /// Doc comments are kept.
        pub APP = (origins = ["https://app.example.com"], credentials, headers = ["content-type"]);
        pub(crate) PUBLIC = (origins = ["*"]);
        pub MIDDLEWARE = (origins = ["https://app.example.com"], methods = ["GET", "PUT"],);
    }
}

cors_policy! {
    LOCAL = (origins = ["https://local.example.com"]);
}

#[cors(policies::APP)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(crate::policies::PUBLIC, max_age = 60)]
#[post("/b")]
async fn b() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(LOCAL)]
#[get("/c")]
async fn c() -> impl Responder {
    HttpResponse::Ok()
}

/// `#[scope]` below `#[cors]`.
#[cors(policies::APP)]
#[actix_web::scope("/below")]
mod scope_below {
    use actix_web::{get, HttpResponse, Responder};

    #[get("/x")]
    pub(super) async fn x() -> impl Responder {
        HttpResponse::Ok()
    }

    /// A nested module takes its own `#[cors]`.
    #[cors_runtime::cors(self::super::LOCAL)]
    pub(super) mod nested {
        use actix_web::{get, HttpResponse, Responder};

        #[get("/nested")]
        pub(in crate) async fn y() -> impl Responder {
            HttpResponse::Ok()
        }
    }
}

/// `#[scope]` above `#[cors]`.
#[actix_web::scope("/above")]
#[cors(LOCAL, max_age = 5)]
mod scope_above {
    use actix_web::{get, HttpResponse, Responder};
    use cors_runtime::cors;

    #[get("/x")]
    pub(super) async fn x() -> impl Responder {
        HttpResponse::Ok()
    }

    #[cors(off)]
    #[get("/off")]
    pub(super) async fn off() -> impl Responder {
        HttpResponse::Ok()
    }
}

/// One policy, fifty routes.
#[cors(LOCAL)]
mod many {
    use actix_web::{get, HttpResponse, Responder};

    #[get("/r0")]
    pub(super) async fn r0() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r1")]
    pub(super) async fn r1() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r2")]
    pub(super) async fn r2() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r3")]
    pub(super) async fn r3() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r4")]
    pub(super) async fn r4() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r5")]
    pub(super) async fn r5() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r6")]
    pub(super) async fn r6() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r7")]
    pub(super) async fn r7() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r8")]
    pub(super) async fn r8() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r9")]
    pub(super) async fn r9() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r10")]
    pub(super) async fn r10() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r11")]
    pub(super) async fn r11() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r12")]
    pub(super) async fn r12() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r13")]
    pub(super) async fn r13() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r14")]
    pub(super) async fn r14() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r15")]
    pub(super) async fn r15() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r16")]
    pub(super) async fn r16() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r17")]
    pub(super) async fn r17() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r18")]
    pub(super) async fn r18() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r19")]
    pub(super) async fn r19() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r20")]
    pub(super) async fn r20() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r21")]
    pub(super) async fn r21() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r22")]
    pub(super) async fn r22() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r23")]
    pub(super) async fn r23() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r24")]
    pub(super) async fn r24() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r25")]
    pub(super) async fn r25() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r26")]
    pub(super) async fn r26() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r27")]
    pub(super) async fn r27() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r28")]
    pub(super) async fn r28() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r29")]
    pub(super) async fn r29() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r30")]
    pub(super) async fn r30() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r31")]
    pub(super) async fn r31() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r32")]
    pub(super) async fn r32() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r33")]
    pub(super) async fn r33() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r34")]
    pub(super) async fn r34() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r35")]
    pub(super) async fn r35() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r36")]
    pub(super) async fn r36() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r37")]
    pub(super) async fn r37() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r38")]
    pub(super) async fn r38() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r39")]
    pub(super) async fn r39() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r40")]
    pub(super) async fn r40() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r41")]
    pub(super) async fn r41() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r42")]
    pub(super) async fn r42() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r43")]
    pub(super) async fn r43() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r44")]
    pub(super) async fn r44() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r45")]
    pub(super) async fn r45() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r46")]
    pub(super) async fn r46() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r47")]
    pub(super) async fn r47() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r48")]
    pub(super) async fn r48() -> impl Responder {
        HttpResponse::Ok()
    }

    #[get("/r49")]
    pub(super) async fn r49() -> impl Responder {
        HttpResponse::Ok()
    }

}

fn main() {
    let _ = App::new()
        .wrap(cors_runtime::actix::Cors::from(policies::MIDDLEWARE))
        .service(a)
        .service(b)
        .service(c)
        .service(scope_below::x)
        .service(scope_below::nested::y)
        .service(scope_above::x)
        .service(scope_above::off)
        .service(many::r0)
        .service(many::r1)
        .service(many::r2)
        .service(many::r3)
        .service(many::r4)
        .service(many::r5)
        .service(many::r6)
        .service(many::r7)
        .service(many::r8)
        .service(many::r9)
        .service(many::r10)
        .service(many::r11)
        .service(many::r12)
        .service(many::r13)
        .service(many::r14)
        .service(many::r15)
        .service(many::r16)
        .service(many::r17)
        .service(many::r18)
        .service(many::r19)
        .service(many::r20)
        .service(many::r21)
        .service(many::r22)
        .service(many::r23)
        .service(many::r24)
        .service(many::r25)
        .service(many::r26)
        .service(many::r27)
        .service(many::r28)
        .service(many::r29)
        .service(many::r30)
        .service(many::r31)
        .service(many::r32)
        .service(many::r33)
        .service(many::r34)
        .service(many::r35)
        .service(many::r36)
        .service(many::r37)
        .service(many::r38)
        .service(many::r39)
        .service(many::r40)
        .service(many::r41)
        .service(many::r42)
        .service(many::r43)
        .service(many::r44)
        .service(many::r45)
        .service(many::r46)
        .service(many::r47)
        .service(many::r48)
        .service(many::r49);
}
