import pandas as pd

customers = pd.read_csv("customers.csv")
orders = pd.read_csv("orders.csv")
# An inner join drops the orders of unknown customers.
known = orders.merge(customers, on="customer_id", how="inner")
avg_order_by_country = known.groupby("country")["amount"].mean().sort_index()
inactive_customers = sorted(int(c) for c in set(customers["customer_id"]) - set(known["customer_id"]))
monthly_revenue = known.groupby(known["order_date"].str[:7])["amount"].sum().sort_index()
per_customer = known.groupby("customer_id").size()
repeat_rate = float((per_customer >= 2).mean())
