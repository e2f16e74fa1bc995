"""schema.org JSON-LD for an article page: a MedicalWebPage with its review."""

from django.urls import reverse

from providers.jsonld import dumps


def for_article(article, services, conditions, url, request):
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
        "author": {"@type": "Person", "name": article.author},
        "dateModified": article.updated_at.isoformat(),
        "articleSection": article.category.name,
        "about": about,
        "isAccessibleForFree": True,
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if article.medical_reviewer:
        data["reviewedBy"] = {"@type": "Person", "name": article.medical_reviewer}
    if article.reviewed_on:
        data["lastReviewed"] = article.reviewed_on.isoformat()
    if article.hero_image:
        data["image"] = request.build_absolute_uri(article.hero_image.image.url)
    return dumps(data)
