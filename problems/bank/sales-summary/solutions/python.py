import pandas as pd

orders = pd.read_csv("orders.csv")
revenue = orders["quantity"] * orders["unit_price"]
total_revenue = float(revenue.sum())
revenue_by_region = revenue.groupby(orders["region"]).sum().sort_values(ascending=False)
top_product = orders.groupby("product")["quantity"].sum().idxmax()
average_order_value = total_revenue / orders["order_id"].nunique()
