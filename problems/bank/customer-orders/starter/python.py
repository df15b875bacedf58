import pandas as pd

customers = pd.read_csv("customers.csv")
orders = pd.read_csv("orders.csv")

# TODO: compute avg_order_by_country, inactive_customers, monthly_revenue and repeat_rate
avg_order_by_country = None
inactive_customers = None
monthly_revenue = None
repeat_rate = None
