"""schema.org JSON-LD for an article page: a MedicalWebPage with its review."""

from django.urls import reverse

from providers.jsonld import dumps


def for_article(article, services, conditions, sources, url, request):
    about = [
        {
            "@type": "MedicalCondition",
            "name": term.name,
            "url": request.build_absolute_uri(reverse("providers:condition", args=[term.slug])),
        }
        for term in conditions
    ] + [
        {
            "@type": "MedicalTherapy",
            "name": term.name,
            "url": request.build_absolute_uri(reverse("providers:service", args=[term.slug])),
        }
        for term in services
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "headline": article.title,
        "name": article.meta_title,
        "description": article.meta_description,
        "inLanguage": "en",
        "author": _byline(article.author, request),
        "about": about,
        "isAccessibleForFree": True,
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat(timespec="seconds")
    modified = article.updated_on or article.published_at
    if modified:
        data["dateModified"] = modified.isoformat(timespec="seconds")
    if sources:
        data["citation"] = [
            {
                "@type": "CreativeWork",
                "name": source.title,
                "url": source.url,
                "publisher": {"@type": "Organization", "name": source.publisher},
                **({"datePublished": str(source.year)} if source.year else {}),
            }
            for source in sources
        ]
    if article.medical_reviewer:
        data["reviewedBy"] = _byline(article.medical_reviewer, request)
    if article.reviewed_on:
        data["lastReviewed"] = article.reviewed_on.isoformat()
    if article.hero_image:
        data["image"] = request.build_absolute_uri(article.hero_image.image.url)
    return dumps(data)


def _byline(author, request):
    return {
        "@type": "Organization" if author.is_team else "Person",
        "name": author.name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }


def for_author(author, url, request):
    """An author's page: the person (or team) with what they do and their own page elsewhere."""
    data = {"@context": "https://schema.org", **_byline(author, request), "@id": url}
    if author.bio:
        data["description"] = author.bio
    if not author.is_team:
        data["jobTitle"] = author.role
        if author.credentials:
            data["honorificSuffix"] = author.credentials
    if author.website:
        data["sameAs"] = author.website
    return dumps(data)
