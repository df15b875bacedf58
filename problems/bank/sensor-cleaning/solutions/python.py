import pandas as pd

raw = pd.read_csv("readings.csv")
clean = (
    raw.drop_duplicates()
    .loc[lambda d: d["temperature"].notna() & (d["temperature"] != -999)]
    .assign(timestamp=lambda d: pd.to_datetime(d["timestamp"]))
    .sort_values(["sensor_id", "timestamp"])
    .reset_index(drop=True)
)
daily_mean = clean.pivot_table(
    index=clean["timestamp"].dt.strftime("%Y-%m-%d"),
    columns="sensor_id",
    values="temperature",
    aggfunc="mean",
).sort_index()
daily_mean = daily_mean[sorted(daily_mean.columns)]
hottest_day = {sensor: daily_mean[sensor].idxmax() for sensor in daily_mean.columns}
