import pandas as pd

raw = pd.read_csv("readings.csv")
raw.head()

# TODO: build clean, daily_mean and hottest_day
clean = None
daily_mean = None
hottest_day = None
