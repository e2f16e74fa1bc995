"""
Editorial articles: what may cause back pain, which treatments exist, how to choose a
therapist. Editors write Markdown; patients read sanitised HTML rendered once on save.
"""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles import images, rendering
from providers import directory
from providers.models import Condition, Provider, ProviderService, Service

FIND_CARE_LIMIT = 6


class Category(models.Model):
    """A shelf of articles: Causes, Treatments and techniques, Finding a therapist, …"""

    name = models.CharField(max_length=100, unique=True, help_text="As shown to readers.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Used in web addresses (/articles/?category=…); lowercase letters and hyphens.",
    )
    description = models.TextField(
        blank=True, help_text="One plain sentence shown above this category's list of articles."
    )
    shows_red_flags = models.BooleanField(
        default=False,
        help_text=(
            "Tick for categories about pain and its causes: every article in it shows the "
            "“See a doctor at once if…” box with the warning signs."
        ),
    )
    shows_regulators = models.BooleanField(
        default=False,
        help_text=(
            "Tick for categories about choosing a practitioner: every article in it shows the "
            "bodies that register or license each kind of care in the site's country, and how "
            "to check a practitioner with them."
        ),
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Categories are listed by this number, smallest first."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('articles:list')}?category={self.slug}"


class AuthorQuerySet(models.QuerySet):
    def with_published_articles(self):
        """Those who wrote or reviewed an article patients can read: their pages are indexed."""
        published = Article.objects.published()
        return self.filter(
            Q(Exists(published.filter(author=OuterRef("pk"))))
            | Q(Exists(published.filter(medical_reviewer=OuterRef("pk"))))
        )


class Author(models.Model):
    """
    Who writes or medically reviews articles: a person or an editorial team. Bylines link to
    their page, which says who they are and lists their articles.
    """

    name = models.CharField(
        max_length=150,
        unique=True,
        help_text="As bylines read: “Dr. Tan Wei Ling”, “Editorial team”.",
    )
    slug = models.SlugField(
        max_length=150,
        unique=True,
        help_text="Their page's web address (/articles/authors/<slug>/); lowercase and hyphens.",
    )
    is_team = models.BooleanField(
        "a team",
        default=False,
        help_text="Tick for a team or an organisation rather than one person.",
    )
    role = models.CharField(
        max_length=150,
        help_text="What they do for the site, in a few words: “Editor”, “Medical reviewer”.",
    )
    credentials = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "Their qualifications and registration, exactly as they hold them: “MBBS, MMed "
            "(Family Medicine), registered with the Singapore Medical Council”. Never more."
        ),
    )
    bio = models.TextField(
        blank=True,
        help_text="Two or three plain sentences about their background, shown on their page.",
    )
    website = models.URLField(
        blank=True,
        validators=[URLValidator(schemes=["https"])],
        help_text="Optional: a page of theirs elsewhere, such as a register entry or a profile.",
    )

    objects = AuthorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", args=[self.slug])


class ArticleImage(models.Model):
    """A picture editors upload to use as an article's hero image or inside its body."""

    image = models.ImageField(
        upload_to="articles/%Y/%m/",
        validators=[images.validate_decodable_image],
        help_text=(
            "A JPEG, PNG or WebP picture up to 10 MB, at least 1200 pixels wide for a hero "
            "image. It is re-saved without its metadata (such as where it was taken)."
        ),
    )
    alt_text = models.CharField(
        max_length=200,
        help_text=(
            "What the picture shows, for people who cannot see it: “A therapist working on a "
            "patient's lower back”. Required."
        ),
    )
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who took or owns the picture, if they ask to be named.",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        # A file other than the one loaded from the database is a new upload, to re-encode.
        if self.image and self.image.name != getattr(self, "loaded_image", None):
            self.image = images.reencode(self.image)
        super().save(*args, **kwargs)
        self.loaded_image = self.image.name

    @classmethod
    def from_db(cls, db, field_names, values):
        picture = super().from_db(db, field_names, values)
        picture.loaded_image = picture.image.name
        return picture

    def markdown(self):
        """What an editor pastes into a body to show this picture."""
        return f"![{self.alt_text}]({self.image.url})"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What patients may see: published, and its publish time has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published by an editor, waiting for its publish time to come."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())

    def for_list(self):
        return self.select_related("category", "hero_image", "author").order_by(
            "-published_at", "-pk"
        )

    def with_terms(self):
        """The related services and conditions, prefetched (in name order)."""
        return self.prefetch_related("services", "conditions")

    def about_service(self, service):
        links = Article.services.through.objects.filter(article=OuterRef("pk"), service=service)
        return self.filter(Exists(links))

    def about_condition(self, condition):
        links = Article.conditions.through.objects.filter(
            article=OuterRef("pk"), condition=condition
        )
        return self.filter(Exists(links))

    def about_provider(self, provider):
        """About a service the provider offers or a condition it treats."""
        services = Article.services.through.objects.filter(
            article=OuterRef("pk"),
            service__in=ProviderService.objects.filter(provider=provider).values("service"),
        )
        conditions = Article.conditions.through.objects.filter(
            article=OuterRef("pk"),
            condition__in=Provider.conditions.through.objects.filter(provider=provider).values(
                "condition"
            ),
        )
        return self.filter(Q(Exists(services)) | Q(Exists(conditions)))


class Article(models.Model):
    """A page of editorial content, reviewed by a clinician, linked to directory terms."""

    title = models.CharField(
        max_length=200,
        help_text="The headline readers see. Plain words, no more than ~70 characters.",
    )
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The article's web address (/articles/<slug>/). Changing it breaks old links.",
    )
    summary = models.TextField(
        max_length=400,
        help_text="One or two sentences shown in lists, the feed and search results. Plain text.",
    )
    body = models.TextField(
        help_text=(
            "The article in Markdown. “# Heading” makes a section heading (it appears in the "
            "table of contents), “- item” a list, “[words](https://…)” a link. Pictures must be "
            "uploaded under Article images first. Any other HTML is removed when you save."
        )
    )
    body_html = models.TextField(editable=False, blank=True)
    toc = models.JSONField(default=list, editable=False, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="The shelf this article sits on.",
    )
    hero_image = models.ForeignKey(
        ArticleImage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Optional picture at the top of the article; its alt text comes with it.",
    )
    author = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        related_name="articles",
        help_text="Who wrote it; the byline links to their page. Add new people under Authors.",
    )
    medical_reviewer = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        help_text=(
            "The clinician who checked the facts; their page gives their qualification. "
            "Required to publish."
        ),
    )
    reviewed_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the medical reviewer last checked it. Update it after every review.",
    )
    services = models.ManyToManyField(
        Service,
        blank=True,
        related_name="articles",
        help_text="Treatments this article is about. Patients see providers offering them.",
    )
    conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="articles",
        help_text="Conditions this article is about. Patients see providers treating them.",
    )
    shows_red_flags = models.BooleanField(
        default=False,
        help_text=(
            "Show the “See a doctor at once if…” warning box even if the category does not."
        ),
    )
    shows_regulators = models.BooleanField(
        default=False,
        help_text=(
            "Show “How to check a practitioner”, the bodies that register or license each kind "
            "of care in the site's country, even if the category does not."
        ),
    )
    seo_title = models.CharField(
        "SEO title",
        max_length=70,
        blank=True,
        help_text="Title for search engines and link previews. Empty: the headline is used.",
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=160,
        blank=True,
        help_text="Description for search engines and link previews. Empty: the summary is used.",
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=(
            "Draft: only editors see it. Published: public from the publish time. "
            "Archived: taken down, kept for the record."
        ),
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text=(
            "When it goes public. A time in the future schedules it: it appears by itself then. "
            "Empty when publishing: now."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the title, summary or body last changed (not on creation): what "Updated" means to
    # a reader. updated_at moves on any save, a status change or a re-tagging too.
    text_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The fingerprint of the starter content this article was loaded from; empty when an
    # editor wrote it. Lets load_starter_articles tell an untouched article from an edited one.
    starter_hash = models.CharField(max_length=64, blank=True, editable=False)

    # What a reader reads: a change to any of them is an update (text_changed_at).
    TEXT_FIELDS = ("title", "summary", "body")

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=[
            "body_html",
            "toc",
            "reading_minutes",
            "starter_hash",
            "updated_at",
            "text_changed_at",
        ]
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_text", None)
        if loaded is not None and loaded != self._text():
            self.text_changed_at = timezone.now()
            self._loaded_text = self._text()
        rendered = rendering.render(self.body)
        self.body_html = rendered.html
        self.toc = rendered.toc
        self.reading_minutes = rendered.reading_minutes
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body_html",
                "toc",
                "reading_minutes",
                "text_changed_at",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # Only what was read: touching a deferred field would cost a query per row.
        if all(name in field_names for name in cls.TEXT_FIELDS):
            article._loaded_text = article._text()
        return article

    def clean(self):
        if self.status == Status.PUBLISHED and not self.medical_reviewer_id:
            raise ValidationError(
                {"medical_reviewer": "A published article needs its medical reviewer."}
            )

    def _text(self):
        return tuple(getattr(self, name, None) for name in self.TEXT_FIELDS)

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def updated_on(self):
        """
        When the text last changed, if that was after it went public and not before its last
        medical review (a review covers what it read); otherwise None, and nothing says
        "Updated".
        """
        changed = self.text_changed_at
        if changed is None or self.published_at is None or changed <= self.published_at:
            return None
        if self.reviewed_on and timezone.localdate(changed) < self.reviewed_on:
            return None
        return changed

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and not self.is_public

    def publish_now(self):
        """Make it public at once: a scheduled article from now instead of its publish time."""
        now = timezone.now()
        self.status = Status.PUBLISHED
        if self.published_at is None or self.published_at > now:
            self.published_at = now

    def publish_on_schedule(self):
        """Publish it from its publish time: a future one schedules it, none means now."""
        self.status = Status.PUBLISHED
        if self.published_at is None:
            self.published_at = timezone.now()

    @property
    def needs_red_flags(self):
        return self.shows_red_flags or self.category.shows_red_flags

    @property
    def needs_regulators(self):
        return self.shows_regulators or self.category.shows_regulators

    @property
    def has_checklist(self):
        """Whether a section's heading starts with "Checklist": the page offers to print it."""
        return any(entry["id"].startswith("checklist") for entry in self.toc)

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @property
    def meta_description(self):
        return self.seo_description or self.summary

    def find_care(self, limit=FIND_CARE_LIMIT):
        """
        The cards of listed providers offering any of the article's services or treating any
        of its conditions, verified first (these services first among their offers, as in the
        directory search the section links to).
        """
        service_ids = [service.pk for service in self.services.all()]
        condition_ids = [condition.pk for condition in self.conditions.all()]
        if not service_ids and not condition_ids:
            return []
        found = Provider.objects.listed().offering_or_treating(service_ids, condition_ids)
        return directory.first_cards(
            found, ("-is_verified", "name", "pk"), limit, chosen_service_ids=service_ids
        )


class Source(models.Model):
    """
    A reference an article cites: a guideline, a systematic review, an official page. Readers
    see them in order under "Sources", each with a link.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(
        max_length=300,
        help_text="The title as the publisher gives it: “Low back pain and sciatica in over 16s”.",
    )
    publisher = models.CharField(
        max_length=200,
        help_text=(
            "Who published it: an organisation (“NICE”, “World Health Organization”), or a "
            "journal with the first author (“Cochrane Database of Systematic Reviews (Furlan "
            "et al.)”)."
        ),
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year it was published or last updated."
    )
    url = models.URLField(
        "link",
        max_length=500,
        # Readers follow these from a health page: no plain http, which anyone on the way
        # could alter.
        validators=[URLValidator(schemes=["https"])],
        help_text=(
            "A stable address that starts with https://: a DOI (https://doi.org/…) or the "
            "publisher's own page, not a search result or a copy on another site."
        ),
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sources are listed by this number, smallest first."
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title
