"""
The Django template engine, with each page's context taken apart once the page is rendered.

A template context is a reference cycle (RequestContext.dicts holds ContextDicts, each holding
the RequestContext), so everything a page put in it (for a directory page: twenty providers
and their cards, some thousand objects) outlived the response until the cyclic garbage
collector found it, and those collections took 0.4 ms per directory page. Emptying the context
after rendering breaks the cycle, and reference counting frees the page's objects at once.
"""

from django.template import TemplateDoesNotExist
from django.template.backends import django as django_backend
from django.template.context import make_context


class DjangoTemplates(django_backend.DjangoTemplates):
    def from_string(self, template_code):
        return Template(super().from_string(template_code).template, self)

    def get_template(self, template_name):
        return Template(super().get_template(template_name).template, self)


class Template(django_backend.Template):
    def render(self, context=None, request=None):
        context = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(context)
        except TemplateDoesNotExist as exc:
            django_backend.reraise(exc, self.backend)
        finally:
            context.dicts.clear()
