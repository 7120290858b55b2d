//! IMPROVE against a loopback server answering as CIRA's FED data service does (an HTML table).

#[allow(dead_code)]
mod scenarios;
#[allow(dead_code)]
mod server;

use std::sync::Arc;

use atmokit_discovery::{IMPROVE_DEFAULT_PARAMETERS, get_improve_data};
use server::{Reply, ok, start};

const TABLE: &str = "<table><tr><th>Dataset</th><th>SiteCode</th><th>POC</th><th>Date</th><th>Param</th><th>Value</th><th>Unit</th></tr>\
<tr><td>IMPFSPED</td><td>PHOE1</td><td>1</td><td>1/1/2022</td><td>ALf</td><td>0.0123</td><td>ug/m^3 LC</td></tr></table>";

fn normal(_t: &str, _n: usize) -> Reply {
    ok(TABLE)
}

#[test]
fn asked_as_act_saved_and_kept() {
    let srv = start(normal);
    let dir = tempfile::tempdir().unwrap();
    let c = scenarios::client();
    let p = vec!["101".to_string(), "136".to_string()];
    let f = get_improve_data(
        &c,
        "244",
        Some(&p),
        "1/1/2022",
        "1/31/2022",
        dir.path(),
        Some(&srv.base),
        false,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(f.file_name().unwrap(), "improve_244_20220101_20220131.html");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), TABLE);
    get_improve_data(
        &c,
        "244",
        Some(&p),
        "1/1/2022",
        "1/31/2022",
        dir.path(),
        Some(&srv.base),
        false,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        srv.hits(),
        [
            "/armlive/DataSvc.aspx?action=getqueryresults&cmdfileid=ServiceSqlCommandFile&cmdid=BasicDataQuery1_Codes&dsidse=10001&siidse=244&paidse=101,136&sd=1%2F1%2F2022&ed=1%2F31%2F2022"
        ]
    );
    // Without parameters, ACT's default list is asked.
    let d2 = tempfile::tempdir().unwrap();
    get_improve_data(
        &c,
        "244",
        None,
        "1/1/2022",
        "1/31/2022",
        d2.path(),
        Some(&srv.base),
        false,
        &mut |_| {},
    )
    .unwrap();
    assert!(srv.hits()[1].contains(&format!("&paidse={IMPROVE_DEFAULT_PARAMETERS}&")));
    assert!(
        get_improve_data(
            &c,
            "24a",
            None,
            "1/1/2022",
            "1/31/2022",
            d2.path(),
            Some(&srv.base),
            false,
            &mut |_| {}
        )
        .is_err()
    );
    assert!(
        get_improve_data(
            &c,
            "244",
            None,
            "2022-01-01",
            "1/31/2022",
            d2.path(),
            Some(&srv.base),
            false,
            &mut |_| {}
        )
        .is_err()
    );
}

#[test]
fn failure_modes() {
    scenarios::check_failure_modes(Arc::new(normal), "DataSvc", None, &|c, base, dir| {
        get_improve_data(
            c,
            "244",
            None,
            "1/1/2022",
            "1/31/2022",
            dir,
            Some(base),
            false,
            &mut |_| {},
        )
        .map(|f| vec![f])
    });
}
