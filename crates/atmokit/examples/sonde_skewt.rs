//! Mentor workflow 3: stability indices of a radiosonde and its skew-T.
//!
//! ACT: `ds = act.io.arm.read_arm_netcdf(file)`;
//! `ds = act.retrievals.calculate_stability_indicies(ds, temp_name='tdry', td_name='dp', p_name='pres')`;
//! `skewt = act.plotting.SkewTDisplay(ds)`; `skewt.plot_from_spd_and_dir('wspd', 'deg', 'pres', 'tdry', 'dp')`;
//! `skewt.fig.savefig('skewt.png')`.
//!
//! `cargo run -p atmokit --features netcdf,plot --example sonde_skewt -- sgpsondewnpnC1.b1.20190101.053200.cdf skewt.png`

use atmokit::prelude::*;

/// Stability indices (a new dataset) and the skew-T written to `png`.
pub fn workflow(input: &str, png: &str) -> atmokit::Result<Dataset> {
    let ds = read_arm_netcdf(&[input], &ReadOptions::default())?;
    let indices = calculate_stability_indices(&ds, &StabilityOptions::sondewnpn())?;
    save(&SkewT::new(&ds, "pres", "tdry", "dp", "wspd", "deg"), png)?;
    Ok(indices)
}

#[allow(dead_code)]
fn main() -> atmokit::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, png] = args.as_slice() else {
        return Err(atmokit::core::Error::invalid("usage: sonde_skewt SONDE.cdf OUT.png").into());
    };
    println!("{}", workflow(input, png)?);
    Ok(())
}
