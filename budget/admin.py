from django.contrib import admin

from budget.models import BudgetHead, Expense, SmallGrant


@admin.register(BudgetHead)
class BudgetHeadAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "planned", "position"]
    list_filter = ["programme"]


@admin.register(Expense)
class ExpenseAdmin(admin.ModelAdmin):
    list_display = ["date", "payee", "head", "amount"]
    list_filter = ["head__programme", "head"]
    date_hierarchy = "date"


@admin.register(SmallGrant)
class SmallGrantAdmin(admin.ModelAdmin):
    list_display = ["date", "group", "head", "amount"]
    list_filter = ["head__programme"]
