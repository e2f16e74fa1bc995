from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from articles import revisions
from articles.models import Article, ArticleImage, Category, Status


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "shows_red_flags", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ArticleImage)
class ArticleImageAdmin(SimpleHistoryAdmin):
    list_display = ["thumbnail", "alt_text", "uploaded_at"]
    search_fields = ["alt_text", "credit"]
    readonly_fields = ["markdown_to_paste"]

    @admin.display(description="Picture")
    def thumbnail(self, image):
        return format_html('<img src="{}" alt="" width="80">', image.image.url)

    @admin.display(description="Markdown to paste into an article")
    def markdown_to_paste(self, image):
        return image.markdown() if image.pk else "Save the picture first."


class ArticleForm(forms.ModelForm):
    change_note = forms.CharField(
        required=False,
        max_length=100,
        help_text="Optional: what you changed and why, for the revision history.",
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "category", "summary", "body", "hero_image", "author",
            "medical_reviewer", "reviewed_on", "services", "conditions", "shows_red_flags",
            "seo_title", "seo_description", "status", "published_at",
        ]  # fmt: skip


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleForm
    list_display = ["title", "category", "status", "published_at", "reviewed_on", "updated_at"]
    list_filter = ["status", "category"]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["services", "conditions"]
    date_hierarchy = "published_at"
    actions = ["publish", "archive"]
    object_history_template = "articles/admin/article_history.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body"]}),
        ("Picture", {"fields": ["hero_image"]}),
        ("Who wrote and checked it", {"fields": ["author", "medical_reviewer", "reviewed_on"]}),
        (
            "Find care for this",
            {
                "description": "Patients reading the article see providers offering these "
                "treatments or treating these conditions.",
                "fields": ["services", "conditions", "shows_red_flags"],
            },
        ),
        ("Search engines and link previews", {"fields": ["seo_title", "seo_description"]}),
        ("Publishing", {"fields": ["status", "published_at", "change_note"]}),
    ]

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_note") or ""
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status, verb):
        # One save per article, not queryset.update(), so that each keeps a revision.
        for article in queryset:
            article.status = status
            if status == Status.PUBLISHED and article.published_at is None:
                article.published_at = timezone.now()
            article._history_user = request.user
            article._change_reason = f"{verb} from the article list"
            article.save()
        self.message_user(request, f"{verb} {len(queryset)} article(s).", messages.SUCCESS)

    @admin.action(description="Publish selected articles", permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Status.PUBLISHED, "Published")

    @admin.action(description="Archive selected articles", permissions=["change"])
    def archive(self, request, queryset):
        self._set_status(request, queryset, Status.ARCHIVED, "Archived")

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="articles_article_compare",
        )
        return [compare, *super().get_urls()]

    def compare_view(self, request, object_id):
        """Two revisions of one article side by side: what changed between them, field by field."""
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        history = article.history.all()
        try:
            older = history.get(history_id=int(request.GET.get("older", "")))
            newer = history.get(history_id=int(request.GET.get("newer", "")))
        except (ValueError, Article.history.model.DoesNotExist) as error:
            raise Http404("Choose two revisions of this article.") from error
        if older.history_date > newer.history_date:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Compare revisions: {article}",
            "older": older,
            "newer": newer,
            "changes": revisions.compare(older, newer),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
        }
        return render(request, "articles/admin/article_compare.html", context)
