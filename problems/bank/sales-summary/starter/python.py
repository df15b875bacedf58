import pandas as pd

orders = pd.read_csv("orders.csv")
orders.head()

# TODO: compute total_revenue, revenue_by_region, top_product and average_order_value
total_revenue = None
revenue_by_region = None
top_product = None
average_order_value = None
