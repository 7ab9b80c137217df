from django.urls import path

from mydirection.evaluation import time_bank, views, volunteering

app_name = "evaluation"
urlpatterns = [
    path("evaluation/", views.monitoring_dashboard, name="home"),
    path("evaluation/impact/", views.impact, name="impact"),
    path("evaluation/impact/report/", views.report, name="report"),
    path("evaluation/impact/report.csv", views.report_csv, name="report-csv"),
    path("evaluation/extract/", views.extract, name="extract"),
    path("evaluation/enabling-fund/", views.fund_report, name="fund"),
    path("evaluation/enabling-fund.csv", views.fund_report_csv, name="fund-csv"),
    path("evaluation/time-bank/", time_bank.time_bank, name="time-bank"),
    path("evaluation/volunteering/", volunteering.volunteering, name="volunteering"),
]
