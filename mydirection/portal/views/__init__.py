"""The app's pages and the staff's pages about it, one module per thing the person or the
staff do: ``sign_in`` (and enrolling), ``home``, ``my_plan``, ``about_me``, ``my_appointments``,
``messages``, ``choices``, ``attend`` and ``offline`` (manifest, service worker) for the person
(``urls.py``, under /my/); ``staff`` (the App tab, move requests) and ``sessions`` (attendance
sessions) for staff (``staff_urls.py``). Every app page checks the portal session itself
(``session.portal_view``).
"""
