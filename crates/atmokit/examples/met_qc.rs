//! Mentor workflow 1: quality-control a met day and write it to netCDF.
//!
//! ACT: `ds = act.io.arm.read_arm_netcdf(files)`; `ds.clean.cleanup()`;
//! `ds.qcfilter.add_less_test('temp_mean', -5.5)`; `ds.write.write_netcdf(path='met_qc.nc')`.
//!
//! `cargo run -p atmokit --features netcdf --example met_qc -- 'sgpmetE13.b1.20190101.*.cdf' met_qc.nc`

use atmokit::prelude::*;

/// Read, clean up, add one limit test, write; returns the number of samples the test flags.
pub fn workflow(inputs: &[&str], out: &str) -> atmokit::Result<usize> {
    let mut ds = read_arm_netcdf(inputs, &ReadOptions::default())?;
    cleanup(&mut ds, &CleanupOptions::default())?;
    let test = add_less_test(&mut ds, "temp_mean", -5.5, &TestOptions::default())?;
    write_netcdf(&ds, out, &WriteOptions::default())?;
    let mask = get_qc_test_mask(&ds, &test.qc_variable_name, test.test_number)?;
    Ok(mask.iter().filter(|&&f| f).count())
}

#[allow(dead_code)]
fn main() -> atmokit::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (inputs, out) = match args.as_slice() {
        [inputs @ .., out] if !inputs.is_empty() => (inputs, out),
        _ => return Err(atmokit::core::Error::invalid("usage: met_qc FILES... OUT.nc").into()),
    };
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    println!(
        "{} samples below -5.5 °C flagged; written to {out}",
        workflow(&inputs, out)?
    );
    Ok(())
}
