<#import "layout.ftl" as layout>
Hello${(subscriber.firstName?has_content)?then(" " + subscriber.firstName, "")},

As you asked, the attached JSON file holds everything ${list.name} keeps about ${subscriber.email}: your profile, each consent you gave, and your history with the list.

<@layout.footer/>
