import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from articles import rendering, revisions
from articles.models import Article, ArticleImage, Author, Category, Source, Status


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "shows_red_flags", "shows_regulators", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(SimpleHistoryAdmin):
    # A link typed without a scheme means https:// (Django 6's default, asked for now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "role", "credentials", "is_team"]
    search_fields = ["name", "role", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "is_team", "role", "credentials", "bio", "website"]


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
            "shows_regulators",
            "seo_title", "seo_description", "status", "published_at",
        ]  # fmt: skip


class StatusFilter(admin.SimpleListFilter):
    """The status as readers live it: a published article whose time has not come is scheduled."""

    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("scheduled", "Scheduled"),
            ("published", "Published"),
            ("archived", "Archived"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft":
                return queryset.filter(status=Status.DRAFT)
            case "scheduled":
                return queryset.scheduled()
            case "published":
                return queryset.published()
            case "archived":
                return queryset.filter(status=Status.ARCHIVED)
        return queryset


class LocalTimeHistoryHelper(HistoricalRecordContextHelper):
    """The history page's "what changed", with times in the site's time zone, not in UTC."""

    def prepare_delta_change_value(self, change, value):
        if isinstance(value, datetime.datetime):
            return revisions.local_time(value)
        return super().prepare_delta_change_value(change, value)


class SourceInline(admin.TabularInline):
    model = Source
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 1
    fields = ["title", "publisher", "year", "url", "order"]
    verbose_name_plural = "Sources (shown under the article, in this order, each with its link)"


def articles(count):
    return ngettext("%(count)d article", "%(count)d articles", count) % {"count": count}


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleForm
    change_form_template = "articles/admin/article_change_form.html"
    list_display = ["title", "category", "status_now", "published_at", "reviewed_on", "updated_at"]
    list_filter = [StatusFilter, "category"]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["services", "conditions"]
    date_hierarchy = "published_at"
    actions = ["publish", "publish_on_schedule", "archive"]
    object_history_template = "articles/admin/article_history.html"
    inlines = [SourceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body"]}),
        ("Picture", {"fields": ["hero_image"]}),
        ("Who wrote and checked it", {"fields": ["author", "medical_reviewer", "reviewed_on"]}),
        (
            "Find care for this",
            {
                "description": "Patients reading the article see providers offering these "
                "treatments or treating these conditions.",
                "fields": ["services", "conditions", "shows_red_flags", "shows_regulators"],
            },
        ),
        ("Search engines and link previews", {"fields": ["seo_title", "seo_description"]}),
        ("Publishing", {"fields": ["status", "published_at", "change_note"]}),
    ]

    def get_historical_record_context_helper(self, request, historical_record):
        return LocalTimeHistoryHelper(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_note") or ""
        super().save_model(request, obj, form, change)

    @admin.display(description="Status", ordering="status")
    def status_now(self, article):
        if article.is_scheduled:
            return f"Scheduled for {revisions.local_time(article.published_at)}"
        return article.get_status_display()

    def _save_from_list(self, request, article, reason):
        # One save per article, not queryset.update(), so that each keeps a revision.
        article._history_user = request.user
        article._change_reason = reason
        article.save()

    def _reviewed(self, request, queryset):
        """The articles that may be published; a message names those without a reviewer."""
        unreviewed = [article for article in queryset if not article.medical_reviewer_id]
        if unreviewed:
            self.message_user(
                request,
                ngettext(
                    "%(articles)s not published: it needs its medical reviewer (%(titles)s).",
                    "%(articles)s not published: they need their medical reviewer (%(titles)s).",
                    len(unreviewed),
                )
                % {
                    "articles": articles(len(unreviewed)),
                    "titles": ", ".join(article.title for article in unreviewed),
                },
                messages.WARNING,
            )
        return [article for article in queryset if article.medical_reviewer_id]

    @admin.action(description="Publish selected articles now", permissions=["change"])
    def publish(self, request, queryset):
        to_publish = self._reviewed(request, queryset)
        was_scheduled = sum(article.is_scheduled for article in to_publish)
        changed = [article for article in to_publish if not article.is_public]
        for article in changed:
            article.publish_now()
            self._save_from_list(request, article, "Published now from the article list")
        if changed:
            message = ngettext(
                "Published %(articles)s: it is public now.",
                "Published %(articles)s: they are public now.",
                len(changed),
            ) % {"articles": articles(len(changed))}
            if was_scheduled:
                message += " " + ngettext(
                    "%(articles)s was scheduled for later: it is published from now instead.",
                    "%(articles)s were scheduled for later: they are published from now instead.",
                    was_scheduled,
                ) % {"articles": articles(was_scheduled)}
            self.message_user(request, message, messages.SUCCESS)
        if already := len(to_publish) - len(changed):
            self.message_user(
                request,
                ngettext(
                    "%(articles)s was already public.",
                    "%(articles)s were already public.",
                    already,
                )
                % {"articles": articles(already)},
                messages.INFO,
            )

    @admin.action(
        description="Publish selected articles at their publish time", permissions=["change"]
    )
    def publish_on_schedule(self, request, queryset):
        reviewed = self._reviewed(request, queryset)
        for article in reviewed:
            if article.status != Status.PUBLISHED:
                article.publish_on_schedule()
                self._save_from_list(request, article, "Published from the article list")
        for article in reviewed:
            if article.is_scheduled:
                self.message_user(
                    request,
                    f"“{article}” is scheduled: it stays hidden until "
                    f"{revisions.local_time(article.published_at)}.",
                    messages.SUCCESS,
                )
        if public := sum(article.is_public for article in reviewed):
            self.message_user(
                request,
                ngettext(
                    "%(articles)s is public now.",
                    "%(articles)s are public now.",
                    public,
                )
                % {"articles": articles(public)},
                messages.SUCCESS,
            )

    @admin.action(description="Archive selected articles", permissions=["change"])
    def archive(self, request, queryset):
        to_archive = [article for article in queryset if article.status != Status.ARCHIVED]
        for article in to_archive:
            article.status = Status.ARCHIVED
            self._save_from_list(request, article, "Archived from the article list")
        self.message_user(
            request,
            ngettext(
                "Archived %(articles)s: it is no longer public.",
                "Archived %(articles)s: they are no longer public.",
                len(to_archive),
            )
            % {"articles": articles(len(to_archive))},
            messages.SUCCESS,
        )

    def get_urls(self):
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="articles_article_compare",
        )
        preview = path(
            "preview/",
            self.admin_site.admin_view(self.preview_view),
            name="articles_article_preview",
        )
        return [compare, preview, *super().get_urls()]

    @method_decorator(require_POST)
    def preview_view(self, request):
        """
        The body being written, as readers will see it: the HTML that saving would store, from
        the same renderer and sanitiser. The change form's preview panel asks for it.
        """
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        rendered = rendering.render(request.POST.get("body", ""))
        return JsonResponse({"html": rendered.html, "reading_minutes": rendered.reading_minutes})

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
